package dev.brine.cli.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of every reader ({@link ReadersFuzzTarget}) with Jazzer, in a child JVM with a 512 MB heap
 * for {@code brine.fuzz.seconds} seconds (default 60; {@code tools/fuzz.sh} runs longer). The seeds are the
 * smallest committed fixtures of every module and of the hostile corpus (16 per reader) and the earlier findings,
 * each prefixed with the byte that selects its reader. A finding (an exception outside Brine's hierarchy, an input that runs longer than
 * {@code brine.fuzz.input-seconds}, an OutOfMemoryError; up to 20 distinct ones a run) fails the test, naming the
 * files Jazzer wrote: commit it
 * under {@code src/test/resources/fuzz/regressions/}, where {@link FuzzRegressionTest} replays it in every build.
 */
class ReadersFuzzTest {
    private static final Path REPOSITORY = Path.of("..");
    private static final long SEED_MAX_BYTES = 64 * 1024;
    /** Seeds per reader, smallest first: the fuzzer runs every seed before it mutates, so a bounded run needs few. */
    private static final int SEEDS_PER_READER = 16;

    @Test
    void readersRefuseEveryMutationCleanly(@TempDir Path work) throws Exception {
        long seconds = Long.getLong("brine.fuzz.seconds", 60);
        long inputSeconds = Long.getLong("brine.fuzz.input-seconds", 10);
        Path seeds = Files.createDirectories(work.resolve("seeds"));
        int seedCount = writeSeeds(seeds);
        Path corpus = Files.createDirectories(work.resolve("corpus"));
        Path findings = Files.createDirectories(Path.of("target/fuzz-findings"));

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Xss4m", "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED",
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + ReadersFuzzTarget.class.getName(),
                "--instrumentation_includes=dev.brine.**:io.jhdf.**",
                "--reproducer_path=" + findings.toAbsolutePath(),
                "-max_total_time=" + seconds,
                "-timeout=" + inputSeconds,
                "-rss_limit_mb=2560",
                "-max_len=" + SEED_MAX_BYTES,
                "-seed=" + Long.getLong("brine.fuzz.seed", 1),
                "--keep_going=" + Long.getLong("brine.fuzz.keep-going", 20),
                "-print_final_stats=1",
                "-artifact_prefix=" + findings.toAbsolutePath() + "/",
                corpus.toString(), seeds.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("jazzer.log").toFile());
        // The class path goes through the environment: ONNX Runtime crashes with a command line over ~4 KB.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process jazzer = builder.start();
        boolean finished = jazzer.waitFor(seconds + 120, TimeUnit.SECONDS);
        if (!finished) {
            jazzer.descendants().forEach(ProcessHandle::destroyForcibly);
            jazzer.destroyForcibly().waitFor();
        }
        String log = Files.readString(work.resolve("jazzer.log"), StandardCharsets.ISO_8859_1);
        String summary = log.lines().filter(line -> line.startsWith("stat::") || line.contains("DONE")
                || line.contains("INITED")).reduce((a, b) -> a + "\n" + b).orElse("");
        System.out.println("fuzzed the readers for " + seconds + " s from " + seedCount + " seeds:\n" + summary);
        if (!finished || jazzer.exitValue() != 0) {
            fail("Jazzer " + (finished ? "exited with " + jazzer.exitValue() : "did not stop") + ". Findings (commit"
                    + " the crash-*/timeout-*/oom-* file under cli/src/test/resources/fuzz/regressions/ once fixed): "
                    + findings.toAbsolutePath() + "\n" + tail(log));
        }
    }

    /** Every small fixture of every module, the hostile corpus and the regressions, prefixed with their reader. */
    static int writeSeeds(Path seeds) throws IOException {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            modules.map(module -> module.resolve("src/test/resources")).filter(Files::isDirectory).forEach(roots::add);
        }
        java.util.Map<ReadersFuzzTarget.Reader, List<Path>> byReader = new java.util.EnumMap<>(ReadersFuzzTarget.Reader.class);
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    var reader = ReadersFuzzTarget.Reader.forFile(file.getFileName().toString());
                    if (reader.isPresent() && reader.get() != ReadersFuzzTarget.Reader.INFER_REQUEST
                            && Files.size(file) <= SEED_MAX_BYTES) {
                        byReader.computeIfAbsent(reader.get(), key -> new ArrayList<>()).add(file);
                    }
                }
            }
        }
        int count = 0;
        for (var entry : byReader.entrySet()) {
            List<Path> smallest = entry.getValue().stream().sorted(java.util.Comparator
                    .comparingLong(ReadersFuzzTest::size).thenComparing(Path::toString)).limit(SEEDS_PER_READER).toList();
            for (Path file : smallest) {
                writeSeed(seeds, count++, entry.getKey().selector(), Files.readAllBytes(file));
            }
        }
        for (String body : INFER_REQUESTS) {
            writeSeed(seeds, count++, ReadersFuzzTarget.Reader.INFER_REQUEST.selector(),
                    body.getBytes(StandardCharsets.UTF_8));
        }
        Path regressions = Path.of("src/test/resources/fuzz/regressions");
        try (Stream<Path> files = Files.list(regressions)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().endsWith(".md")).toList()) {
                Files.copy(file, seeds.resolve("regression-" + file.getFileName()));
                count++;
            }
        }
        return count;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeSeed(Path seeds, int index, byte selector, byte[] content) throws IOException {
        byte[] input = new byte[content.length + 1];
        input[0] = selector;
        System.arraycopy(content, 0, input, 1, content.length);
        Files.write(seeds.resolve("seed-" + index), input);
    }

    /** Open Inference Protocol bodies the server accepts: JSON data, and one with the binary extension's field. */
    private static final List<String> INFER_REQUESTS = List.of(
            "{\"id\":\"1\",\"inputs\":[{\"name\":\"input\",\"shape\":[2,2],\"datatype\":\"FP32\","
                    + "\"data\":[1.0,2.5,-3,4e2]}],\"outputs\":[{\"name\":\"label\"}]}",
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"INT64\",\"data\":[[1,2,3]]},"
                    + "{\"name\":\"s\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"text\"]}],"
                    + "\"parameters\":{\"binary_data_output\":false}}",
            "{\"inputs\":[{\"name\":\"b\",\"shape\":[2],\"datatype\":\"BOOL\",\"data\":[true,false],"
                    + "\"parameters\":{\"content_type\":\"x\"}}]}");

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "…" + text.substring(text.length() - 6000);
    }
}
