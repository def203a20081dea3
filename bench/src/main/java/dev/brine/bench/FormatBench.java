package dev.brine.bench;

import dev.brine.core.model.ModelSnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The format benchmark of issue 3 §6: on synthetic models of each size, Brine's open, read, save and verify against
 * the machine's own limits ({@code cat}, a FileChannel loop, {@code dd … conv=fdatasync}, {@code sha256sum}) and
 * against Java serialization and {@code .npy}, warm and cold page cache; results as ratios in
 * {@code docs/benchmarks.md}. Run it with {@code bench/run-format.sh [--sizes 1M,1G,4G] [--out docs/benchmarks.md]}.
 */
public final class FormatBench {
    private static final long GIB = 1L << 30;
    /** Below this, operations take milliseconds and need more repetitions for a stable median. */
    private static final long SMALL_BYTES = 64L << 20;
    private static final int SMALL_REPETITIONS = 20;
    private static final int OPEN_WARM_REPETITIONS = 200;
    private static final int OPEN_COLD_REPETITIONS = 20;

    private final Options options;
    private final Path root;
    private final boolean coldPermitted;
    private final Optional<NumpyPeer> numpy;
    private final List<Comparison> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Each size's save timings, which the peer rows compare against. */
    private final Map<Long, Samples> saves = new LinkedHashMap<>();

    private FormatBench(Options options, Path root) {
        this.options = options;
        this.root = root;
        this.coldPermitted = options.cold() && PageCache.drop();
        this.numpy = NumpyPeer.find(root);
    }

    /** Command-line options; see {@link #usage()}. */
    record Options(List<Long> sizes, Path out, int repetitions, Path workDirectory, boolean cold, List<String> args) {

        static Options parse(String[] args) {
            List<Long> sizes = Sizes.parseList("1M,1G,4G");
            Path out = Path.of("docs/benchmarks.md");
            int repetitions = 5;
            Path work = Path.of(System.getProperty("java.io.tmpdir"));
            boolean cold = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--sizes" -> sizes = Sizes.parseList(value(args, ++i));
                    case "--out" -> out = Path.of(value(args, ++i));
                    case "--reps" -> repetitions = Integer.parseInt(value(args, ++i));
                    case "--dir" -> work = Path.of(value(args, ++i));
                    case "--warm-only" -> cold = false;
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
                }
            }
            if (repetitions < 1 || sizes.isEmpty()) {
                throw new IllegalArgumentException(usage());
            }
            return new Options(sizes.stream().sorted().toList(), out, repetitions, work, cold, List.of(args));
        }

        private static String value(String[] args, int index) {
            if (index >= args.length) {
                throw new IllegalArgumentException(args[index - 1] + " needs a value\n" + usage());
            }
            return args[index];
        }
    }

    static String usage() {
        return "usage: FormatBench [--sizes 1M,1G,4G] [--out docs/benchmarks.md] [--reps 5] [--dir /tmp]"
                + " [--warm-only]";
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        checkDiskSpace(options);
        Path root = Files.createTempDirectory(options.workDirectory(), "brine-bench-");
        Thread cleanup = new Thread(() -> BenchFiles.delete(root));
        Runtime.getRuntime().addShutdownHook(cleanup);
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String loadBefore = Machine.loadAverage();
        String revision = Machine.revision();
        FormatBench bench = new FormatBench(options, root);
        long spawn = bench.spawnOverhead();
        bench.warmUp();
        for (long bytes : options.sizes()) {
            bench.measureSize(bytes);
        }
        bench.measureOpen();
        BenchFiles.delete(root);
        BenchmarksReport.Run run = new BenchmarksReport.Run(date, revision,
                Machine.describe(options.workDirectory()), command(options), loadBefore, Machine.loadAverage(),
                options.repetitions(), bench.coldPermitted, spawn, bench.numpy.isPresent(), bench.notes);
        String section = BenchmarksReport.render(run, bench.rows);
        BenchmarksReport.writeSection(options.out(), section);
        System.out.println(section);
        System.err.println("wrote " + options.out());
    }

    /** The script call, and what it runs: the build, then this JVM's own flags, as they were. */
    private static String command(Options options) {
        String args = String.join(" ", options.args());
        String jvmFlags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return "bench/run-format.sh " + args + "\n# which runs:\n./mvnw -q -pl bench -am package -DskipTests && java "
                + jvmFlags + " -cp bench/target/benchmarks.jar " + FormatBench.class.getName() + " " + args;
    }

    /**
     * Every size's {@code .brine} file stays until the open phase compares them; within one size the save target,
     * dd's file and the peers' files exist at most three at a time.
     */
    private static void checkDiskSpace(Options options) throws IOException {
        long total = options.sizes().stream().mapToLong(Long::longValue).sum();
        long largest = options.sizes().getLast();
        long needed = total + 3 * largest + GIB;
        long usable = Files.getFileStore(options.workDirectory()).getUsableSpace();
        if (usable < needed) {
            throw new IllegalStateException(options.workDirectory() + " has " + usable / GIB + " GB free; the sizes "
                    + options.sizes() + " need about " + needed / GIB + " GB. Use --dir or smaller --sizes.");
        }
    }

    private long spawnOverhead() {
        Measured spawn = Measured.tool(SystemTools::spawnOverhead);
        for (int i = 0; i < SMALL_REPETITIONS; i++) {
            spawn.measureOnce();
        }
        return spawn.samples().median();
    }

    /** Compiles every Java body on a 1 MB model before anything is measured, so no size pays for the JIT. */
    private void warmUp() {
        progress("warming up the JIT on a 1 MB model");
        BenchFiles files = BenchFiles.in(root.resolve("warm-up"), 1 << 20).create();
        try (Arena arena = Arena.ofConfined()) {
            ModelSnapshot snapshot = SyntheticModel.snapshot(1 << 20, arena);
            for (int i = 0; i < 30; i++) {
                FormatOperations.save(snapshot, files.brine());
                FormatOperations.verify(files.brine());
            }
        }
        for (int i = 0; i < 500; i++) {
            FormatOperations.openAndInspect(files.brine());
        }
        List<HeapTensor> arrays = HeapTensor.copyOf(files.brine());
        for (int i = 0; i < 50; i++) {
            FormatOperations.touchAll(files.brine());
            ChannelRead.readAll(files.brine());
            JavaSerializationPeer.write(arrays, files.serialized());
            JavaSerializationPeer.read(files.serialized());
            NpyPeer.write(arrays, files.npy());
            NpyPeer.read(files.npy());
        }
        BenchFiles.delete(files.directory());
    }

    private int repetitions(long bytes) {
        return bytes < SMALL_BYTES ? Math.max(SMALL_REPETITIONS, options.repetitions()) : options.repetitions();
    }

    private List<String> caches() {
        return coldPermitted ? List.of("warm", "cold") : List.of("warm");
    }

    private void measureSize(long bytes) {
        BenchFiles files = BenchFiles.in(root, bytes).create();
        String size = Sizes.label(bytes);
        String loadBefore = Machine.loadAverage();
        long start = System.nanoTime();
        measureSave(bytes, files, size);
        measureReads(bytes, files, size);
        if (Runtime.getRuntime().maxMemory() < bytes * 3 / 2) {
            notes.add("Java serialization and .npy peers skipped for " + size + ": the heap (-Xmx) is under 1.5× the"
                    + " model, which they hold as float[] arrays.");
        } else {
            measurePeers(bytes, files, size);
        }
        notes.add(size + " rows took " + BenchmarksReport.duration(System.nanoTime() - start) + "; load average "
                + loadBefore + " before, " + Machine.loadAverage() + " after.");
    }

    private void measureSave(long bytes, BenchFiles files, String size) {
        progress(size + ": save vs dd");
        try (Arena arena = Arena.ofShared()) {
            ModelSnapshot snapshot = SyntheticModel.snapshot(bytes, arena);
            FormatOperations.save(snapshot, files.brine());
            long fileBytes = size(files.brine());
            Path target = files.brineSaveTarget();
            Measured save = Measured.java(() -> BenchFiles.delete(target),
                    () -> FormatOperations.save(snapshot, target));
            Measured dd = Measured.tool(() -> BenchFiles.delete(files.dd()),
                    () -> SystemTools.dd(files.dd(), fileBytes));
            Measured ddCopy = Measured.tool(() -> {
                BenchFiles.delete(files.dd());
                ChannelRead.readAll(files.brine()); // the source comes from the page cache, as the model's memory does
            }, () -> SystemTools.ddCopy(files.brine(), files.dd()));
            Measured.interleave(repetitions(bytes), false, List.of(save, dd, ddCopy));
            BenchFiles.delete(target);
            BenchFiles.delete(files.dd());
            saves.put(bytes, save.samples());
            Comparison.Goal goal = goal(bytes, Comparison.Goal.atLeast(0.8));
            rows.add(new Comparison("save", size, "—", "`BrineFile.write`", save.samples(),
                    "`dd if=/dev/zero bs=8M conv=fdatasync`", dd.samples(), fileBytes, goal));
            rows.add(new Comparison("save", size, "—", "`BrineFile.write`", save.samples(),
                    "`dd if=model.brine bs=8M conv=fdatasync` (same bytes, source cached)", ddCopy.samples(),
                    fileBytes, goal));
        }
    }

    private void measureReads(long bytes, BenchFiles files, String size) {
        Path brine = files.brine();
        long fileBytes = size(brine);
        for (String cache : caches()) {
            progress(size + ": read and verify, " + cache + " page cache");
            boolean cold = cache.equals("cold");
            if (!cold) {
                ChannelRead.readAll(brine);
            }
            Measured touch = Measured.java(() -> FormatOperations.touchAll(brine));
            Measured cat = Measured.tool(() -> SystemTools.cat(brine));
            Measured channel = Measured.java(() -> ChannelRead.readAll(brine));
            Measured verify = Measured.java(() -> FormatOperations.verify(brine));
            Measured sha256sum = Measured.tool(() -> SystemTools.sha256sum(brine));
            Measured.interleave(repetitions(bytes), cold, List.of(touch, cat, channel, verify, sha256sum));
            String touchName = "open + read every tensor byte";
            rows.add(new Comparison("read all tensors", size, cache, touchName, touch.samples(),
                    "`cat file > /dev/null`", cat.samples(), fileBytes, goal(bytes, Comparison.Goal.atLeast(0.9))));
            rows.add(new Comparison("read all tensors", size, cache, touchName, touch.samples(),
                    "FileChannel read loop (1 MB buffer)", channel.samples(), fileBytes, Comparison.Goal.report()));
            rows.add(new Comparison("verify", size, cache, "`Models.verify`", verify.samples(),
                    "`sha256sum file`", sha256sum.samples(), fileBytes, goal(bytes, Comparison.Goal.atLeast(1.5))));
        }
    }

    private void measurePeers(long bytes, BenchFiles files, String size) {
        progress(size + ": Java serialization, .npy and numpy writes");
        List<HeapTensor> arrays = HeapTensor.copyOf(files.brine());
        long fileBytes = size(files.brine());
        Measured serialize = Measured.java(() -> BenchFiles.delete(files.serialized()),
                () -> JavaSerializationPeer.write(arrays, files.serialized()));
        Measured npy = Measured.java(() -> BenchFiles.delete(files.npy()), () -> NpyPeer.write(arrays, files.npy()));
        Measured.interleave(repetitions(bytes), false, List.of(serialize, npy));
        Samples save = saves.get(bytes);
        rows.add(new Comparison("save vs peer", size, "—", "`BrineFile.write`", save,
                "Java serialization (`ObjectOutputStream` of the float[]s + fsync)", serialize.samples(), fileBytes,
                Comparison.Goal.report()));
        rows.add(new Comparison("save vs peer", size, "—", "`BrineFile.write`", save,
                ".npy per tensor, written from Java (+ fsync)", npy.samples(), fileBytes, Comparison.Goal.report()));
        arrays.clear(); // numpy holds its own copy; two copies of a 4 GB model would crowd the machine
        System.gc();
        numpy.ifPresent(peer -> {
            Measured numpySave = Measured.timedBy(() -> BenchFiles.delete(files.numpySaved()),
                    () -> peer.save(files.npy(), files.numpySaved()));
            Measured.interleave(repetitions(bytes), false, List.of(numpySave));
            BenchFiles.delete(files.numpySaved());
            rows.add(new Comparison("save vs peer", size, "—", "`BrineFile.write`", save,
                    "numpy `np.save` per tensor (+ fsync)", numpySave.samples(), fileBytes, Comparison.Goal.report()));
        });
        for (String cache : caches()) {
            progress(size + ": Java serialization, .npy and numpy reads, " + cache + " page cache");
            boolean cold = cache.equals("cold");
            if (!cold) {
                ChannelRead.readAll(files.brine());
                ChannelRead.readAll(files.serialized());
                NpyPeer.read(files.npy());
            }
            Measured load = Measured.java(() -> FormatOperations.touchAll(files.brine()));
            Measured deserialize = Measured.java(() -> JavaSerializationPeer.read(files.serialized()));
            Measured npyRead = Measured.java(() -> NpyPeer.read(files.npy()));
            List<Measured> operations = new ArrayList<>(List.of(load, deserialize, npyRead));
            Optional<Measured> numpyLoad = numpy.map(peer -> Measured.timedBy(() -> { }, () -> peer.load(files.npy())));
            numpyLoad.ifPresent(operations::add);
            Measured.interleave(repetitions(bytes), cold, operations);
            String loadName = "open + read every tensor byte";
            rows.add(new Comparison("load vs peer", size, cache, loadName, load.samples(),
                    "Java deserialization (`ObjectInputStream` into float[]s)", deserialize.samples(), fileBytes,
                    Comparison.Goal.report()));
            rows.add(new Comparison("load vs peer", size, cache, loadName, load.samples(),
                    ".npy per tensor, read from Java into float[]s", npyRead.samples(), fileBytes,
                    Comparison.Goal.report()));
            numpyLoad.ifPresent(measured -> rows.add(new Comparison("load vs peer", size, cache, loadName,
                    load.samples(), "numpy `np.load` per tensor", measured.samples(), fileBytes,
                    Comparison.Goal.report())));
        }
        BenchFiles.delete(files.serialized());
        BenchFiles.delete(files.npy());
    }

    /** Open + inspect on every size, interleaved, each compared with the smallest. */
    private void measureOpen() {
        Map<Long, Path> files = new LinkedHashMap<>();
        options.sizes().forEach(bytes -> files.put(bytes, BenchFiles.in(root, bytes).brine()));
        long smallest = options.sizes().getFirst();
        for (String cache : caches()) {
            progress("open + inspect, " + cache + " page cache");
            boolean cold = cache.equals("cold");
            Map<Long, Measured> opens = new LinkedHashMap<>();
            files.forEach((bytes, file) ->
                    opens.put(bytes, Measured.java(() -> FormatOperations.openAndInspect(file))));
            Measured.interleave(cold ? OPEN_COLD_REPETITIONS : OPEN_WARM_REPETITIONS, cold,
                    List.copyOf(opens.values()));
            for (long bytes : options.sizes()) {
                if (bytes != smallest) {
                    rows.add(new Comparison("open + inspect", Sizes.label(bytes), cache,
                            "`Models.inspect` (detect, open, manifest, tensor table)", opens.get(bytes).samples(),
                            "the same on the " + Sizes.label(smallest) + " file", opens.get(smallest).samples(), 0,
                            goal(bytes, Comparison.Goal.atMost(2))));
                }
            }
        }
    }

    /** The goals of issue 3 are about large files; smaller ones only report. */
    private static Comparison.Goal goal(long bytes, Comparison.Goal goal) {
        return bytes >= GIB ? goal : goal.reportOnly();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }
}
