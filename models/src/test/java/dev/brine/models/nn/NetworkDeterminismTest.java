package dev.brine.models.nn;

import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.models.random.Pcg64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Networks give the same bits however the work is split: one row at a time or in a batch, on one thread or two, with
 * the Vector API kernel or the plain-Java one (a child JVM without the incubator module), and after the weights
 * change (the cached transposed weight follows them).
 */
class NetworkDeterminismTest {

    private static final int FEATURES = 20;

    @TempDir
    Path directory;

    @Test
    void eachRowPredictsTheSameAloneAsInABatch() {
        Sequential network = network(3);
        FloatMatrix batch = randomRows(37, 1);
        float[] together = network.forward(batch, Pass.evaluation()).data();
        int outputs = network.outputFeatures();
        for (int r = 0; r < batch.rows(); r++) {
            float[] alone = network.forward(batch.selectRows(new int[] {r}, 0, 1), Pass.evaluation()).data();
            float[] inBatch = java.util.Arrays.copyOfRange(together, r * outputs, (r + 1) * outputs);
            assertArrayEquals(inBatch, alone, "row " + r);
        }
    }

    /** A batch large enough to be split across the cores gives the bits of one unsplit pass. */
    @Test
    void aBatchSplitAcrossCoresPredictsAsOnePass() {
        Sequential network = network(6);
        FloatMatrix rows = randomRows(5003, 4);
        assertArrayEquals(network.forward(rows, Pass.evaluation()).data(), network.evaluate(rows).data());
    }

    @Test
    void twoThreadsPredictWhatOneDoes() throws Exception {
        FloatMatrix rows = randomRows(301, 2);
        float[] expected = network(4).forward(rows, Pass.evaluation()).data();
        Sequential shared = network(4);  // fresh: both threads find no transposed weight yet
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) results.add(pool.submit(() -> shared.forward(rows, Pass.evaluation()).data()));
            for (Future<float[]> result : results) assertArrayEquals(expected, result.get());
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void predictionsFollowTheWeightsAfterAStepAndAStateDictLoad() {
        Sequential network = network(5);
        FloatMatrix rows = randomRows(9, 3);
        float[] before = network.forward(rows, Pass.evaluation()).data();
        Trainer trainer = Trainer.start(network, settings());
        trainer.trainBatches(randomRows(64, 4), targets(64), 1);
        Sequential trained = trainer.model();
        float[] after = trained.forward(rows, Pass.evaluation()).data();
        assertTrue(!java.util.Arrays.equals(before, after), "one Adam step should change the predictions");
        // The trained weights loaded into the original network replace what it had cached.
        network.loadStateDict(trained.stateDict(), true);
        assertArrayEquals(after, network.forward(rows, Pass.evaluation()).data());
    }

    @Test
    void trainingWithoutTheVectorModuleGivesTheSameBits() throws Exception {
        assertTrue(MatMul.BEST.vectorised(), "this JVM should use the Vector API, the child JVM plain Java");
        Path plain = Files.createDirectory(directory.resolve("plain-java"));
        Path vector = Files.createDirectory(directory.resolve("vector-api"));
        List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NetworkDeterminismTest.class.getName(), plain.toString(), "plain-java");
        Path log = directory.resolve("child.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish in time");
        assertEquals(0, process.exitValue(), () -> "child JVM failed: " + read(log));
        main(new String[] {vector.toString()});
        for (String file : List.of("mlp.brine", "cnn.brine")) {
            ModelSnapshot expected = Models.load(vector.resolve(file)).snapshot();
            ModelSnapshot actual = Models.load(plain.resolve(file)).snapshot();
            assertEquals(expected.tensors().stream().map(NamedTensor::name).toList(),
                    actual.tensors().stream().map(NamedTensor::name).toList());
            for (NamedTensor tensor : expected.tensors()) {
                assertTrue(tensor.tensor().contentEquals(actual.tensor(tensor.name()).tensor()),
                        file + ": " + tensor.name() + " differs");
            }
        }
    }

    /** A convolutional network gives the same bits for a row alone as in a batch, whichever threads ran its tiles. */
    @Test
    void aConvolutionalRowPredictsTheSameAloneAsInABatch() {
        Sequential network = convNetwork(4);
        FloatMatrix batch = randomImages(9, 5);
        float[] together = network.evaluate(batch).data();
        int outputs = network.outputFeatures();
        for (int r = 0; r < batch.rows(); r++) {
            float[] alone = network.forward(batch.selectRows(new int[] {r}, 0, 1), Pass.evaluation()).data();
            assertArrayEquals(java.util.Arrays.copyOfRange(together, r * outputs, (r + 1) * outputs), alone, "row " + r);
        }
    }

    /**
     * The child JVM's job: trains an MLP and a convolutional network two epochs each and saves their checkpoints in
     * the directory {@code args[0]}; {@code plain-java} checks the kernel.
     */
    public static void main(String[] args) {
        if (args.length > 1 && args[1].equals("plain-java") && MatMul.BEST.vectorised()) {
            throw new IllegalStateException("the child JVM was meant to run without the Vector API");
        }
        Trainer trainer = Trainer.start(network(6), settings());
        trainer.trainUntil(randomRows(200, 7), targets(200), 2);
        Models.save(trainer.checkpoint(), Path.of(args[0], "mlp.brine"));
        Trainer cnn = Trainer.start(convNetwork(8), settings());
        cnn.trainUntil(randomImages(40, 9), targets(40), 2);
        Models.save(cnn.checkpoint(), Path.of(args[0], "cnn.brine"));
    }

    /**
     * Images (2, 9, 9) through strided, grouped and 'same' convolutions, batch norm, pooling, dropout of channels and a
     * residual block with a projection shortcut: every convolution path of the kernel, forward and backward.
     */
    private static Sequential convNetwork(long seed) {
        Pcg64 rng = Pcg64.seeded(seed);
        Block residual = Block.residual(List.of(
                new Sequential.Named("conv1", new Conv(2, 6, 8, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
                        new int[] {1, 1}, 2, false).initialize(rng)),
                new Sequential.Named("bn1", BatchNorm.of2d(8)),
                new Sequential.Named("relu", Activation.of(Activation.Kind.RELU)),
                new Sequential.Named("conv2", new Conv(2, 8, 8, new int[] {3, 3}, new int[] {1, 1}, null,
                        new int[] {1, 1}, 1, true).initialize(rng))),
                List.of(new Sequential.Named("downsample", Block.sequential(new Conv(2, 6, 8, new int[] {1, 1},
                        new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, 1, false).initialize(rng)))),
                Activation.of(Activation.Kind.SILU));
        return new Sequential(new int[] {2, 9, 9}, List.of(
                new Sequential.Named("conv", new Conv(2, 2, 6, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1},
                        new int[] {1, 1}, 1, true).initialize(rng)),
                new Sequential.Named("bn", BatchNorm.of2d(6)),
                new Sequential.Named("relu", Activation.of(Activation.Kind.RELU)),
                new Sequential.Named("drop", new Dropout2d(0.2)),
                new Sequential.Named("block", residual),
                new Sequential.Named("pool", new AdaptiveAvgPool(2, new int[] {2, 2})),
                new Sequential.Named("flatten", new Flatten()),
                new Sequential.Named("fc", Linear.initialized(32, 3, true, rng))));
    }

    private static FloatMatrix randomImages(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * 2 * 9 * 9];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
        return FloatMatrix.of(rows, new int[] {2, 9, 9}, values);
    }

    /** 20 → 64 → 37 → 3 with ReLU: whole vectors, partial vectors and a scalar tail on any vector width. */
    private static Sequential network(long seed) {
        Pcg64 rng = Pcg64.seeded(seed);
        return Sequential.of(FEATURES, Linear.initialized(FEATURES, 64, true, rng), Activation.of(Activation.Kind.RELU),
                Linear.initialized(64, 37, true, rng), Activation.of(Activation.Kind.TANH),
                Linear.initialized(37, 3, false, rng));
    }

    private static TrainingSettings settings() {
        return TrainingSettings.of(Loss.CROSS_ENTROPY, Json.object().put("type", "adam").put("lr", 0.01).build(), 32, 9);
    }

    private static FloatMatrix randomRows(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * FEATURES];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
        return new FloatMatrix(rows, FEATURES, values);
    }

    private static Targets targets(int rows) {
        int[] classes = new int[rows];
        for (int i = 0; i < rows; i++) classes[i] = i % 3;
        return new Targets.Classes(classes);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
