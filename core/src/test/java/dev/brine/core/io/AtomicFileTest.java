package dev.brine.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFileTest {
    @TempDir
    Path directory;

    @Test
    void aWrittenFileGetsThePermissionsOfAnyNewFileNotOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path ordinary = Files.createFile(directory.resolve("ordinary"));
        Path written = directory.resolve("written.brine");
        AtomicFile.write(written, bytes("model"));
        assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(written),
                "a model saved by Brine must be readable by whoever can read files the user creates");
    }

    @Test
    void closingWithoutCommitKeepsTheTargetAndDeletesTheTemporaryFile() throws IOException {
        Path target = directory.resolve("model.brine");
        Files.write(target, bytes("previous"));
        try (AtomicFile file = AtomicFile.create(target)) {
            file.channel().write(ByteBuffer.wrap(bytes("half-written")));
        }
        assertEquals("previous", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void commitReplacesTheTargetAndLeavesNothingElse() throws IOException {
        Path target = directory.resolve("model.brine");
        Files.write(target, bytes("previous"));
        try (AtomicFile file = AtomicFile.create(target)) {
            file.channel().write(ByteBuffer.wrap(bytes("next")));
            file.commit();
        }
        assertEquals("next", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void writesIntoDirectoriesThatDoNotExistYet() throws IOException {
        Path target = directory.resolve("a/b/model.brine");
        AtomicFile.write(target, bytes("model"));
        assertEquals("model", Files.readString(target));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
