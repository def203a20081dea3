package dev.brine.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM running {@link RegistryChild}: a real OS process that the tests race against others or kill
 * with SIGKILL. Its stdout is read line by line; its stderr goes to a file for the failure message.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;
    private final Writer input;
    private final Path errors;

    private ChildJvm(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.input = process.outputWriter(StandardCharsets.UTF_8);
    }

    static ChildJvm start(Path workDir, String maxHeap, Map<String, String> environment, String... arguments)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of("-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-Daws.disableEc2Metadata=true",
                "-cp", System.getProperty("java.class.path"), RegistryChild.class.getName()));
        command.addAll(List.of(arguments));
        Path errors = java.nio.file.Files.createTempFile(workDir, "child", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        builder.environment().putAll(environment);
        return new ChildJvm(builder.start(), errors);
    }

    /** The next line the child printed; fails with its stderr if it ended instead. */
    String readLine() throws IOException {
        String line = output.readLine();
        if (line == null) {
            throw new AssertionError("child " + process.pid() + " ended (exit " + waitFor() + ") without output: "
                    + java.nio.file.Files.readString(errors));
        }
        return line;
    }

    /** Reads lines until one starts with {@code prefix}; returns it. */
    String expect(String prefix) throws IOException {
        for (String line = readLine(); ; line = readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    void send(String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no finally blocks, no flushing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    int waitFor() {
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("child " + process.pid() + " did not finish in 3 minutes");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String errors() {
        try {
            return java.nio.file.Files.readString(errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
