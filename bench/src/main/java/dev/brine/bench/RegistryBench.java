package dev.brine.bench;

import dev.brine.registry.ModelUri;
import dev.brine.registry.PushRequest;
import dev.brine.registry.Registry;
import dev.brine.registry.RegistryConfig;
import dev.brine.registry.store.ArtifactDigest;
import dev.brine.registry.store.S3ProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry benchmark of issue 7 §5 (SQLite metadata, filesystem artifacts): push and pull of a large .brine file
 * against {@code cp} and a durable copy ({@code dd conv=fdatasync}); resolve-alias and list-versions operations per
 * second with 10,000 versions against the same query through raw JDBC on the same database file. Writes the section
 * "Registry (issue 7)" of {@code docs/benchmarks.md}.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.brine.bench.RegistryBench [--size 1G] [--reps 3]
 *     [--versions 10000] [--postgres JDBC_URL] [--out docs/benchmarks.md] [--dir /tmp]</pre>
 */
public final class RegistryBench {
    static final String SECTION_TITLE = "## Registry (issue 7)";

    private RegistryBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = ModelsBench.options(args);
        long size = Sizes.parse(options.getOrDefault("size", "1G"));
        int reps = Integer.parseInt(options.getOrDefault("reps", "3"));
        int versions = Integer.parseInt(options.getOrDefault("versions", "10000"));
        Path out = Path.of(options.getOrDefault("out", "docs/benchmarks.md"));
        Path dir = Files.createTempDirectory(Path.of(options.getOrDefault("dir", "/tmp")), "brine-registry-bench");
        String loadBefore = Machine.loadAverage();
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<String> rows = new ArrayList<>();
        try {
            Path model = dir.resolve("model.brine");
            try (Arena arena = Arena.ofConfined()) {
                FormatOperations.save(SyntheticModel.snapshot(size, arena), model);
            }
            long bytes = Files.size(model);
            Path copy = dir.resolve("copy.brine");
            Path pulled = dir.resolve("pulled.brine");
            Registry[] fresh = {null};
            Measured push = Measured.java(() -> {   // a new, empty registry per run, opened (schema made) untimed
                if (fresh[0] != null) {
                    fresh[0].close();
                }
                deleteTree(dir.resolve("registry"));
                fresh[0] = Registry.open("sqlite:" + dir.resolve("registry/registry.db"));
            }, () -> fresh[0].push(model, PushRequest.builder("big").build()));
            Measured cp = Measured.tool(() -> delete(copy), () -> command("cp", model.toString(), copy.toString()));
            Measured dd = Measured.tool(() -> delete(copy), () -> SystemTools.ddCopy(model, copy));
            Measured.interleave(reps, false, List.of(push, cp, dd));
            Registry pushed = fresh[0];
            Measured pull = Measured.java(() -> delete(pulled),
                    () -> pushed.pull(ModelUri.parse("models:/big/1"), pulled));
            // What a verified push or pull cannot go below: one SHA-256 pass over the file, as the registry hashes.
            Measured sha256 = Measured.java(() -> {
                try {
                    ArtifactDigest.ofFile(model);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Measured.interleave(reps, false, List.of(pull, cp, dd, sha256));
            pushed.close();
            String human = Sizes.label(bytes);
            rows.add(row("push (hash, scan, inspect, store, commit)", human, push.samples(), "`cp`",
                    cp.samples(), bytes));
            rows.add(row("push", human, push.samples(), "`dd conv=fdatasync` (durable copy)", dd.samples(), bytes));
            rows.add(row("pull (verified copy)", human, pull.samples(), "`cp`", cp.samples(), bytes));
            rows.add(row("pull", human, pull.samples(), "`dd conv=fdatasync` (durable copy)", dd.samples(), bytes));
            rows.add(row("pull", human, pull.samples(), "SHA-256 of the file alone (Java, one read: the floor of a"
                    + " verified copy)", sha256.samples(), bytes));
            s3Rows(dir, model, bytes, reps, rows);
            delete(model);
            delete(copy);
            delete(pulled);
            deleteTree(dir.resolve("registry"));

            Path small = dir.resolve("small.brine");
            try (Arena arena = Arena.ofConfined()) {
                FormatOperations.save(SyntheticModel.snapshot(1 << 20, arena), small);
            }
            operations("SQLite", "sqlite:" + dir.resolve("many/registry.db"), Optional.empty(),
                    "jdbc:sqlite:" + dir.resolve("many/registry.db"), small, versions, rows);
            if (options.containsKey("postgres")) {
                operations("PostgreSQL", options.get("postgres"), Optional.of(dir.resolve("pg-artifacts").toUri()
                        .toString()), options.get("postgres"), small, versions, rows);
            }
        } finally {
            deleteTree(dir);
        }
        String loadAfter = Machine.loadAverage();
        // The server's URL names a port of this run only; the command names where .ci/postgres.sh puts it.
        String shown = String.join(" ", args).replace(options.getOrDefault("postgres", "\0"),
                "\"$BRINE_TEST_POSTGRES_URL\"");
        Machine machine = Machine.describe(Path.of(options.getOrDefault("dir", "/tmp")));
        StringBuilder section = new StringBuilder(SECTION_TITLE).append("\n\nMeasured ").append(date)
                .append(". Reproduce with:\n\n```\n")
                .append(options.containsKey("postgres") ? "eval \"$(bash .ci/postgres.sh start)\"\n" : "")
                .append("bench/run-registry.sh ").append(shown)
                .append("\n# which runs:\n./mvnw -q -pl bench -am package -DskipTests && java")
                .append(" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar")
                .append(" dev.brine.bench.RegistryBench ").append(shown).append("\n```\n\n")
                .append("Machine: ").append(machine.cpuModel()).append(", ").append(machine.processors())
                .append(" cores, ").append(machine.memory()).append(", ").append(machine.jdk())
                .append(", temp dir on ").append(machine.fileSystem()).append(". Load average (1/5/15 min) at start")
                .append(" → end: ").append(loadBefore).append(" → ").append(loadAfter)
                .append(" (other work shares the machine).\n\n")
                .append("SQLite metadata, filesystem artifact store, both in the temp dir. Push/pull: median (min) of ")
                .append(reps).append(" interleaved runs, each on a fresh, already opened registry (push) or to a fresh target (pull),")
                .append(" page cache warm, dirty pages written back before each run; ratio = reference time ÷ Brine")
                .append(" time (above 1× Brine is faster). Operations: the registry call vs the same query through")
                .append(" raw JDBC (sqlite-jdbc) on the same database file, rows read but not turned into objects;")
                .append(" ratio = Brine ops/s ÷ raw ops/s. ")
                .append(options.containsKey("postgres") ? "PostgreSQL: the throwaway server of `.ci/postgres.sh`"
                        + " (fsync off, loopback), artifacts in the temp dir. " : "PostgreSQL: not measured in this"
                        + " run. ").append("S3: S3Proxy 4.0.0 in this JVM (filesystem blob store in the temp dir, loopback),"
                        + " the registry's store against raw AWS SDK `putObject`/`getObject` of the same file.\n\n")
                .append("| Measurement | Size | Brine: median (min) | Reference | Reference: median (min) | Ratio:")
                .append(" median (best) |\n|---|---|---|---|---|---|\n");
        rows.forEach(row -> section.append(row).append("\n"));
        MarkdownSections.write(out, SECTION_TITLE, section.toString());
        System.out.print(section);
    }

    /**
     * Push and pull through an S3 artifact store (S3Proxy, multipart above 100 MB, SHA-256 checked both ways)
     * against a raw SDK put and get of the same file on the same server. Each push goes to a fresh bucket so that
     * content addressing cannot skip the upload.
     */
    private static void s3Rows(Path dir, Path model, long bytes, int reps, List<String> rows) throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
             S3Client raw = S3Client.builder().region(Region.US_EAST_1).endpointOverride(server.endpoint())
                     .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                     .build()) {
            raw.createBucket(request -> request.bucket("raw"));
            int[] run = {0};
            Registry[] registry = {null};
            Measured push = Measured.java(() -> {
                if (registry[0] != null) {
                    registry[0].close();
                }
                deleteTree(dir.resolve("s3-registry"));
                run[0]++;
                registry[0] = Registry.open(RegistryConfig.builder("sqlite:" + dir.resolve("s3-registry/registry.db"))
                        .artifacts("s3://push-" + run[0] + "/models").cacheDir(dir.resolve("s3-registry/cache"))
                        .s3(server.settings()).build());
            }, () -> registry[0].push(model, PushRequest.builder("big").build()));
            Measured put = Measured.java(() -> raw.deleteObject(request -> request.bucket("raw").key("model")),
                    () -> raw.putObject(request -> request.bucket("raw").key("model"), RequestBody.fromFile(model)));
            Measured.interleave(reps, false, List.of(push, put));
            Path pulled = dir.resolve("s3-pulled.brine");
            Registry pushed = registry[0];
            Measured pull = Measured.java(() -> delete(pulled),
                    () -> pushed.pull(ModelUri.parse("models:/big/1"), pulled));
            Measured get = Measured.java(() -> delete(pulled),
                    () -> raw.getObject(request -> request.bucket("raw").key("model"), ResponseTransformer.toFile(pulled)));
            Measured.interleave(reps, false, List.of(pull, get));
            pushed.close();
            delete(pulled);
            String human = Sizes.label(bytes);
            rows.add(row("push to S3 (hash, scan, inspect, multipart upload, commit)", human, push.samples(),
                    "raw S3 `putObject` of the file", put.samples(), bytes));
            rows.add(row("pull from S3 (streamed, SHA-256 checked)", human, pull.samples(),
                    "raw S3 `getObject` to a file", get.samples(), bytes));
        }
    }

    /** Fills one registry with {@code versions} versions, then times resolve and list against raw JDBC. */
    private static void operations(String database, String metadata, Optional<String> artifacts, String jdbcUrl,
                                   Path small, int versions, List<String> rows) throws SQLException {
        RegistryConfig.Builder config = RegistryConfig.builder(metadata);
        artifacts.ifPresent(config::artifacts);
        long fillStart = System.nanoTime();
        try (Registry registry = Registry.open(config.build())) {
            for (int i = 0; i < versions; i++) {
                registry.push(small, PushRequest.builder("many").forceNew(true).build());
            }
            registry.setAlias("many", "prod", versions / 2);
            long fillNanos = System.nanoTime() - fillStart;
            Samples resolve = throughput(2000, () -> registry.resolve("models:/many@prod"));
            Samples list = throughput(20, () -> registry.versions("many", false));
            try (Connection jdbc = DriverManager.getConnection(jdbcUrl)) {
                PreparedStatement alias = jdbc.prepareStatement("SELECT v.* FROM aliases a JOIN model_versions v"
                        + " ON v.model_name = a.model_name AND v.version = a.version"
                        + " WHERE a.model_name = ? AND a.alias = ?");
                PreparedStatement all = jdbc.prepareStatement("SELECT * FROM model_versions WHERE model_name = ?"
                        + " AND state = 'LIVE' ORDER BY version");
                Samples rawResolve = throughput(2000, () -> drain(alias, "many", "prod"));
                Samples rawList = throughput(20, () -> drain(all, "many", null));
                rows.add(opsRow(database + ": resolve `models:/many@prod`", versions, resolve, 2000, rawResolve));
                rows.add(opsRow(database + ": list versions (all " + versions + ")", versions, list, 20, rawList));
            }
            rows.add("| " + database + ": fill, " + versions + " pushes of a 1 MB file (forceNew) | " + versions
                    + " versions | " + String.format(Locale.ROOT, "%.0f pushes/s", versions / (fillNanos / 1e9))
                    + " | — | — | report |");
        }
    }

    private static String row(String measurement, String size, Samples brine, String reference, Samples peer,
                              long bytes) {
        return "| " + measurement + " | " + size + " | " + timing(brine, bytes) + " | " + reference + " | "
                + timing(peer, bytes) + " | " + ratio((double) peer.median() / brine.median()) + " ("
                + ratio((double) peer.min() / brine.min()) + ") |";
    }

    private static String opsRow(String measurement, int versions, Samples brine, int calls, Samples raw) {
        return "| " + measurement + " | " + versions + " versions | " + ops(brine, calls) + " | raw JDBC, same query | "
                + ops(raw, calls) + " | " + ratio((double) raw.median() / brine.median()) + " ("
                + ratio((double) raw.min() / brine.min()) + ") |";
    }

    private static String ops(Samples batches, int calls) {
        return String.format(Locale.ROOT, "%,.0f ops/s (best %,.0f)", calls / (batches.median() / 1e9),
                calls / (batches.min() / 1e9));
    }

    private static String timing(Samples samples, long bytes) {
        return BenchmarksReport.duration(samples.median()) + " (" + BenchmarksReport.duration(samples.min()) + ") · "
                + String.format(Locale.ROOT, "%.2f GB/s", bytes / (double) (1L << 30) / (samples.median() / 1e9));
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, value >= 10 ? "%.0f×" : "%.2f×", value);
    }

    /** Seven batches of {@code calls} calls after one untimed batch; each sample is one batch. */
    private static Samples throughput(int calls, Runnable call) {
        Samples samples = new Samples();
        for (int batch = 0; batch < 8; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            if (batch > 0) {
                samples.add(System.nanoTime() - start);
            }
        }
        return samples;
    }

    private static void drain(PreparedStatement statement, String first, String second) {
        try {
            statement.setString(1, first);
            if (second != null) {
                statement.setString(2, second);
            }
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    for (int c = 1; c <= columns; c++) {
                        result.getObject(c);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long command(String... command) {
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
            return System.nanoTime() - start;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
