package dev.brine.python;

import dev.brine.core.BrineException;
import dev.brine.core.Limits;
import dev.brine.core.io.ZipArchive;
import dev.brine.core.io.ZipEntry;
import dev.brine.models.data.Matrix;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.joblib.Joblib;
import dev.brine.python.sklearn.SklearnModels;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.numpy.NumpyFiles;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyList;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;
import dev.brine.python.pickle.Unpickler;
import dev.brine.python.pickle.UnpicklerOptions;
import dev.brine.python.torch.TorchArchives;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random mutations of the good fixtures (bit flips, byte overwrites with interesting values, truncation,
 * duplicated and deleted ranges) fed to every reader and the scanner: nothing but Brine's own exceptions may
 * escape. Bounded by an iteration count and a time budget so CI stays fast; a failure prints the seed.
 */
class MutationFuzzTest {

    private static final long BUDGET_NANOS = 12_000_000_000L;
    private static final int MAX_ITERATIONS = 40_000;
    private static final Limits LIMITS = Limits.builder().maxInMemoryBytes(64L << 20).maxTensorBytes(64L << 20)
            .maxStringBytes(16L << 20).maxOperations(2_000_000).maxElements(1_000_000).build();

    private record Target(String fixture, Consumer<MemorySegment> reader) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("pickle/sink_p0.pkl", MutationFuzzTest::readPickle),
            new Target("pickle/sink_p2.pkl", MutationFuzzTest::readPickle),
            new Target("pickle/numpy_p4.pkl", MutationFuzzTest::readPickle),
            new Target("pickle/numpy_p5.pkl", MutationFuzzTest::readPickle),
            new Target("pickle/structured_p2.pkl", MutationFuzzTest::readPickle),
            new Target("joblib/plain.joblib", MutationFuzzTest::readPickle),
            new Target("joblib/zlib.joblib", MutationFuzzTest::readPickle),
            new Target("joblib/lz4.joblib", MutationFuzzTest::readPickle),
            new Target("joblib/bz2.joblib", MutationFuzzTest::readPickle),
            new Target("joblib/xz.joblib", MutationFuzzTest::readPickle),
            new Target("npy/be_f4_F.npy", bytes -> NumpyFiles.array(bytes, "fuzz.npy", LIMITS).toTensor()),
            new Target("npy/compressed.npz", MutationFuzzTest::readNpz),
            new Target("torch/dtypes.pt", MutationFuzzTest::readTorch),
            new Target("torch/state_legacy.pt", MutationFuzzTest::readTorch),
            new Target("torch_tar/views.pt", MutationFuzzTest::readTorch),
            new Target("sklearn/random_forest_classifier.pkl", MutationFuzzTest::convertEstimator),
            new Target("sklearn/gradient_boosting_classifier_multi.pkl", MutationFuzzTest::convertEstimator),
            new Target("sklearn/hist_gradient_boosting_categorical.pkl", MutationFuzzTest::convertEstimator),
            new Target("sklearn/svc_rbf_proba.pkl", MutationFuzzTest::convertEstimator),
            new Target("sklearn/knn_classifier.pkl", MutationFuzzTest::convertEstimator),
            new Target("sklearn/mlp_classifier.pkl", MutationFuzzTest::convertEstimator),
            new Target("sklearn/pipeline_column_positions.pkl", MutationFuzzTest::convertEstimator));

    private static void readPickle(MemorySegment bytes) {
        MemorySegment stream = Joblib.stream(bytes, "fuzz", LIMITS);
        touch(Unpickler.loader(stream, 0, "fuzz", 0, UnpicklerOptions.of(PythonGlobals.defaults(), LIMITS)).load(), 0);
    }

    /** Unpickles, converts to a Brine model and predicts a row of zeros, so converters and models are fuzzed. */
    private static void convertEstimator(MemorySegment bytes) {
        PyValue estimator = Unpickler.loader(bytes, 0, "fuzz", 0, UnpicklerOptions.of(PythonGlobals.defaults(),
                LIMITS)).load();
        TabularModel model = SklearnModels.convert(estimator, "fuzz.pkl");
        Matrix zeros = Matrix.zeros(2, model.featureCount());
        model.predict(zeros);
        if (model instanceof TabularClassifier classifier) {
            classifier.predictProba(zeros);
        }
    }

    private static void readNpz(MemorySegment bytes) {
        ZipArchive archive = ZipArchive.open(bytes, "fuzz.npz", LIMITS);
        for (ZipEntry entry : archive.entries()) {
            NumpyFiles.array(archive.data(entry), "fuzz", LIMITS).toTensor();
        }
    }

    private static void readTorch(MemorySegment bytes) {
        TorchArchives.read(bytes, "fuzz.pt", PythonGlobals.defaults(), LIMITS);
    }

    /** Materialises every array reached, so the conversions are fuzzed too. */
    private static void touch(PyValue value, int depth) {
        if (depth > 50) return;
        switch (value) {
            case NdArray array when !array.isObjectArray() -> {
                if (array.dtype().isStructured()) {
                    array.dtype().fields().forEach(field -> array.field(field.name()));
                } else if ("fiub".indexOf(array.dtype().kind()) >= 0) {
                    array.toTensor();
                }
            }
            case PyDict dict -> dict.entries().values().forEach(item -> touch(item, depth + 1));
            case PyList list -> list.items().forEach(item -> touch(item, depth + 1));
            case PyTuple tuple -> tuple.items().forEach(item -> touch(item, depth + 1));
            default -> {
            }
        }
    }

    @Test
    void mutatedFixturesRaiseOnlyBrineExceptions() throws Exception {
        long start = System.nanoTime();
        Random seeds = new Random(20240601L);
        java.nio.file.Path scratch = java.nio.file.Files.createTempFile("brine-fuzz", ".bin");
        try {
            for (int iteration = 0; iteration < MAX_ITERATIONS && System.nanoTime() - start < BUDGET_NANOS;
                 iteration++) {
                long seed = seeds.nextLong();
                Target target = TARGETS.get(iteration % TARGETS.size());
                byte[] mutated = mutate(Fixtures.bytes(target.fixture()), new Random(seed));
                try {
                    target.reader().accept(MemorySegment.ofArray(mutated));
                    if (iteration % 10 == 0) {
                        java.nio.file.Files.write(scratch, mutated);
                        PickleScanner.scan(scratch, PythonGlobals.defaults(), LIMITS);
                    }
                } catch (BrineException expected) {
                    // Refusing damaged input with a typed error is the contract.
                } catch (Throwable escaped) {
                    fail("fixture " + target.fixture() + " seed " + seed + ": " + escaped, escaped);
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(scratch);
        }
    }

    private static final int[] INTERESTING = {0, 1, 0x7F, 0x80, 0xFF, '(', '.', 't', 'R', 'b', 0x93, 0x94, 0x95};

    static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
                case 3 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(16));
                    byte[] longer = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, longer, 0, at + length);
                    System.arraycopy(bytes, at, longer, at + length, bytes.length - at);
                    bytes = longer;
                }
                case 4 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(16));
                    byte[] shorter = new byte[bytes.length - length];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + length, shorter, at, bytes.length - at - length);
                    bytes = shorter;
                }
                default -> {
                    for (int k = 0; k < 4 && at + k < bytes.length; k++) bytes[at + k] = (byte) random.nextInt(256);
                }
            }
        }
        return bytes;
    }
}
