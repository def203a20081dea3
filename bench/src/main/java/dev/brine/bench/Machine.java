package dev.brine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The facts about the machine a reader needs to judge the numbers, read from {@code /proc} and the JVM. */
public record Machine(int processors, String cpuModel, String memory, String kernel, String jdk, String fileSystem) {

    public static Machine describe(Path workDirectory) {
        String fileSystem;
        try {
            var store = Files.getFileStore(workDirectory);
            fileSystem = store.type() + " (" + store.name() + ")";
        } catch (IOException e) {
            fileSystem = "unknown";
        }
        String memory = procLine("/proc/meminfo", "MemTotal")
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / (1 << 20) + " GiB")
                .orElse("unknown");
        return new Machine(Runtime.getRuntime().availableProcessors(),
                procLine("/proc/cpuinfo", "model name").orElse("unknown"),
                memory,
                read("/proc/sys/kernel/osrelease").orElse("unknown"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version(),
                fileSystem);
    }

    /** The 1-, 5- and 15-minute load averages: how busy the machine was with other work. */
    public static String loadAverage() {
        return read("/proc/loadavg").map(text -> String.join(" / ", List.of(text.split(" ")).subList(0, 3)))
                .orElse("unknown");
    }

    /** The code measured: {@code commit 1a2b3c4}, marked when the work tree has uncommitted changes. */
    public static String revision() {
        return git("rev-parse", "--short", "HEAD")
                .map(commit -> "commit " + commit + (git("status", "--porcelain", "--untracked-files=no")
                        .map(String::isEmpty).orElse(true) ? "" : " with uncommitted changes"))
                .orElse("an unknown revision (not a git work tree)");
    }

    private static Optional<String> git(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            return process.waitFor() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<String> procLine(String file, String key) {
        return read(file).flatMap(text -> text.lines()
                .filter(line -> line.startsWith(key))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst());
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
