package dev.brine.bench;

import dev.brine.core.format.Inspection;
import dev.brine.core.format.Manifest;
import dev.brine.core.format.VerifyReport;
import dev.brine.core.model.ModelSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH view of the format operations, warm page cache only: {@code java -jar bench/target/benchmarks.jar
 * FormatBenchmarks -p size=1G}. The ratio suite with cold caches and system baselines is {@link FormatBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FormatBenchmarks {
    @Param("1M")
    public String size;

    private Path root;
    private BenchFiles files;
    private Arena arena;
    private ModelSnapshot snapshot;
    private List<HeapTensor> arrays;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("brine-jmh-");
        long bytes = Sizes.parse(size);
        files = BenchFiles.in(root, bytes).create();
        arena = Arena.ofShared();
        snapshot = SyntheticModel.snapshot(bytes, arena);
        FormatOperations.save(snapshot, files.brine());
        arrays = HeapTensor.copyOf(files.brine());
        JavaSerializationPeer.write(arrays, files.serialized());
        NpyPeer.write(arrays, files.npy());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        BenchFiles.delete(root);
    }

    /** The files of this trial, for the smoke test's checks. */
    BenchFiles files() {
        return files;
    }

    List<HeapTensor> arrays() {
        return arrays;
    }

    @Benchmark
    public Inspection openAndInspect() {
        return FormatOperations.openAndInspect(files.brine());
    }

    @Benchmark
    public long touchAll() {
        return FormatOperations.touchAll(files.brine());
    }

    @Benchmark
    public Manifest save() {
        return FormatOperations.save(snapshot, files.brineSaveTarget());
    }

    @Benchmark
    public VerifyReport verify() {
        return FormatOperations.verify(files.brine());
    }

    @Benchmark
    public Path javaSerializationWrite() {
        Path target = files.directory().resolve("written.ser");
        JavaSerializationPeer.write(arrays, target);
        return target;
    }

    @Benchmark
    public List<HeapTensor> javaSerializationRead() {
        return JavaSerializationPeer.read(files.serialized());
    }

    @Benchmark
    public Path npyWrite() {
        Path target = files.directory().resolve("written-npy");
        NpyPeer.write(arrays, target);
        return target;
    }

    @Benchmark
    public List<HeapTensor> npyRead() {
        return NpyPeer.read(files.npy());
    }

    @Benchmark
    public long channelRead() {
        return ChannelRead.readAll(files.brine());
    }
}
