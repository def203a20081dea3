package dev.brine.core.format;

import dev.brine.core.Limits;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes are atomic: a writer killed with SIGKILL at any instant, or failing with an exception, leaves the previous
 * file at the target byte for byte. The kill test runs a real second JVM ({@link SlowBrineWriter}).
 */
class AtomicWriteTest {
    private static final int KILLS = 5;
    private static final int WRITER_TENSORS = 12;

    @TempDir
    Path directory;

    @Test
    void aWriterKilledAtAnyInstantLeavesThePreviousFileIntact() throws Exception {
        Path target = directory.resolve("model.brine");
        Path sample = directory.resolve("sample.brine");
        BrineWrittenSample.write(sample);
        Files.copy(sample, target);
        // One uninterrupted run gives the complete file, to compare with and to measure write progress against.
        Path complete = directory.resolve("complete.brine");
        runWriter(complete, -1, 0);
        long completeBytes = Files.size(complete);

        SplittableRandom random = new SplittableRandom(42);
        Path previous = sample;
        int killedMidWrite = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            // Spread over the write: from the temporary file's creation to its last byte, where only the header
            // rewrite, fsync and rename remain.
            double progress = Math.min(1, (kill + random.nextDouble()) / (KILLS - 1));
            runWriter(target, progress, completeBytes);
            List<Path> leftovers = temporaryFiles();
            if (Files.mismatch(previous, target) == -1) {
                killedMidWrite += leftovers.isEmpty() ? 0 : 1;
            } else {
                assertEquals(-1, Files.mismatch(complete, target), "kill " + kill + " at " + progress
                        + " of the write: the target is neither the previous file nor the complete new one");
                previous = complete;
            }
            VerifyReport report = Verifier.verify(target, Limits.DEFAULTS);
            assertTrue(report.digestsRecorded() && report.intact(), report.toString());
            for (Path leftover : leftovers) {
                Files.delete(leftover);
            }
        }
        assertTrue(killedMidWrite > 0, "at least one kill must land while the temporary file was being written");
    }

    /**
     * Runs {@link SlowBrineWriter} on {@code target}. With {@code killAtProgress >= 0} it is killed (SIGKILL) as soon
     * as its temporary file holds that fraction of {@code completeBytes}; otherwise it runs to the end.
     */
    private void runWriter(Path target, double killAtProgress, long completeBytes) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                SlowBrineWriter.class.getName(), target.toString(), Integer.toString(WRITER_TENSORS))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("writing", out.readLine(), "the writer process did not start writing");
            if (killAtProgress >= 0) {
                long killAtBytes = (long) (killAtProgress * completeBytes);
                while (process.isAlive() && temporaryBytes() < killAtBytes) {
                    TimeUnit.MICROSECONDS.sleep(200);
                }
                process.destroyForcibly();
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the writer process did not end");
            if (killAtProgress < 0) {
                assertEquals(0, process.exitValue());
            }
        } finally {
            process.destroyForcibly();
        }
    }

    /** Bytes in the writer's temporary file so far; -1 before it exists. */
    private long temporaryBytes() {
        try {
            List<Path> temporary = temporaryFiles();
            return temporary.isEmpty() ? -1 : Files.size(temporary.getFirst());
        } catch (IOException e) {
            return -1; // renamed between listing and sizing
        }
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheTargetUntouchedAndNoTemporaryFile() throws IOException {
        Path target = directory.resolve("model.brine");
        BrineWrittenSample.write(target);
        byte[] previous = Files.readAllBytes(target);
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("written", RandomTensors.tensor(dev.brine.core.tensor.DType.F32,
                dev.brine.core.tensor.Shape.of(1 << 16), new SplittableRandom(1), Arena.ofAuto()));
        Arena closed = Arena.ofConfined();
        tensors.put("unreadable", Tensor.allocate(dev.brine.core.tensor.DType.F64,
                dev.brine.core.tensor.Shape.of(1024), closed));
        closed.close();
        assertThrows(IllegalStateException.class, () -> SafetensorsWriter.write(target, tensors, Map.of()));
        assertEquals(-1, Files.mismatch(target, writeTo(previous)), "the previous file is untouched");
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    void aWriteWhoseMetadataFailsLeavesNoFileWhereThereWasNone() {
        Path target = directory.resolve("new.safetensors");
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1, 2, 3}));
        List<Map<String, String>> calls = new ArrayList<>();
        RuntimeException failure = new IllegalStateException("metadata source failed");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> SafetensorsWriter.write(target, tensors,
                digests -> {
                    calls.add(digests);
                    if (calls.size() == 2) {
                        throw failure;
                    }
                    return Map.of();
                }));
        assertEquals(failure, thrown);
        assertTrue(Files.notExists(target));
        assertEquals(List.of(), temporaryFiles());
    }

    private Path writeTo(byte[] bytes) throws IOException {
        return Files.write(directory.resolve("expected.bytes"), bytes);
    }

    /** Temporary files of the atomic writer ({@code .NAME.*.tmp}) in the test directory. */
    private List<Path> temporaryFiles() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.getFileName().toString().startsWith("."))
                    .filter(path -> path.getFileName().toString().endsWith(".tmp"))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
