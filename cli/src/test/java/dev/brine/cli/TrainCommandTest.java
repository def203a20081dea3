package dev.brine.cli;

import dev.brine.core.Limits;
import dev.brine.core.Models;
import dev.brine.core.format.BrineFile;
import dev.brine.core.format.Provenance;
import dev.brine.models.linear.LinearRegressor;
import dev.brine.models.nn.TabularNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `brine train`: an interrupted and resumed run gives the same tensor bytes as an uninterrupted one, and with
 * `--from` a saved model trains further on new rows and the result names its parent.
 */
class TrainCommandTest {

    @TempDir
    Path dir;

    /** Rows {@code from..to} of one fixed data set: y = 2·a − b + 0.5·c + noise, and its sign as a class. */
    private Path rows(String name, int from, int to) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,y\n");
        SplittableRandom random = new SplittableRandom(11);
        for (int r = 0; r < to; r++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double c = random.nextGaussian();
            double y = 2 * a - b + 0.5 * c + 0.3 * random.nextGaussian();
            if (r >= from) {
                csv.append(String.format(Locale.ROOT, "%.17g,%.17g,%.17g,%.17g%n", a, b, c, y));
            }
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    private void train(String... args) {
        MainTest.Result result = brine(args);
        assertEquals(0, result.exitCode(), result.out() + result.err());
    }

    /** The check from the shell: `cmp` on the tensor data of a resumed run and an uninterrupted one. */
    @Test
    void aResumedRunSavesTheSameTensorBytesAsAnUninterruptedOne() throws IOException {
        Path data = rows("numbers.csv", 0, 150);
        Path checkpoints = dir.resolve("ck");
        Path straight = dir.resolve("straight.brine");
        Path resumed = dir.resolve("resumed.brine");
        train("train", "--model", "mlp", "--data", data.toString(), "--target", "y", "--layers", "8,4",
                "--epochs", "6", "--checkpoint-every", "2", "--checkpoint-dir",
                checkpoints.toString(), "-o", straight.toString());
        train("train", "--model", "mlp", "--data", data.toString(), "--target", "y", "--resume",
                checkpoints.resolve("epoch-0004.brine").toString(), "--epochs", "6", "-o", resumed.toString());
        try (BrineFile a = BrineFile.open(straight, Limits.DEFAULTS); BrineFile b = BrineFile.open(resumed,
                Limits.DEFAULTS)) {
            var expected = a.safetensors().tensors();
            var actual = b.safetensors().tensors();
            assertEquals(expected.keySet(), actual.keySet());
            expected.forEach((name, tensor) -> assertTrue(tensor.contentEquals(actual.get(name)), name));
        }
    }

    /**
     * A conv net trains on scikit-learn's 8×8 digits (.npz), learns them, and a run resumed from its epoch-2
     * checkpoint saves the same tensor bytes as the uninterrupted one (weights, BatchNorm statistics, Adam moments).
     */
    @Test
    void aConvNetTrainsOnDigitsAndResumesToTheSameBytes() throws IOException {
        Path digits = dir.resolve("digits.npz");
        try (var in = TrainCommandTest.class.getResourceAsStream("/images/digits.npz")) {
            Files.copy(in, digits);
        }
        Path checkpoints = dir.resolve("cnn-ck");
        Path straight = dir.resolve("cnn-straight.brine");
        Path resumed = dir.resolve("cnn-resumed.brine");
        MainTest.Result first = brine("train", "--model", "cnn", "--data", digits.toString(), "--target", "target",
                "--layers", "8,16", "--lr", "0.01", "--epochs", "3", "--checkpoint-every", "2", "--checkpoint-dir",
                checkpoints.toString(), "-o", straight.toString());
        assertEquals(0, first.exitCode(), first.out() + first.err());
        double accuracy = Double.parseDouble(first.out().replaceAll("(?s).*accuracy=([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.9, "three epochs should learn the digits: " + first.out());
        train("train", "--model", "cnn", "--data", digits.toString(), "--target", "target", "--resume",
                checkpoints.resolve("epoch-0002.brine").toString(), "--epochs", "3", "-o", resumed.toString());
        try (BrineFile a = BrineFile.open(straight, Limits.DEFAULTS); BrineFile b = BrineFile.open(resumed,
                Limits.DEFAULTS)) {
            var expected = a.safetensors().tensors();
            var actual = b.safetensors().tensors();
            assertEquals(expected.keySet(), actual.keySet());
            assertTrue(expected.containsKey("conv1.weight") && expected.containsKey("bn2.running_var"));
            expected.forEach((name, tensor) -> assertTrue(tensor.contentEquals(actual.get(name)), name));
        }
    }

    @Test
    void ridgeTrainedFurtherMatchesOneFitOnAllRowsAndRecordsItsParent() throws IOException {
        Path all = rows("all.csv", 0, 400);
        Path first = rows("first.csv", 0, 250);
        Path later = rows("later.csv", 250, 400);
        Path whole = dir.resolve("whole.brine");
        Path parent = dir.resolve("parent.brine");
        Path child = dir.resolve("child.brine");
        train("train", "--model", "ridge", "--data", all.toString(), "--target", "y", "--param", "alpha=2",
                "-o", whole.toString());
        train("train", "--model", "ridge", "--data", first.toString(), "--target", "y", "--param", "alpha=2",
                "-o", parent.toString());
        train("train", "--from", parent.toString(), "--data", later.toString(), "--target", "y",
                "-o", child.toString());
        double[] expected = ((LinearRegressor) Models.load(whole)).coefficients();
        double[] actual = ((LinearRegressor) Models.load(child)).coefficients();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.abs(expected[i]) + 1e-12, "coefficient " + i);
        }
        try (BrineFile file = BrineFile.open(child, Limits.DEFAULTS)) {
            Provenance provenance = file.manifest().orElseThrow().provenance();
            assertEquals("parent.brine", provenance.parentFile().orElseThrow());
        }
    }

    @Test
    void aNetworkTrainedFurtherOnTheSameRowsEqualsOneLongerRun() throws IOException {
        Path numeric = rows("numbers.csv", 0, 200);
        Path longer = dir.resolve("five.brine");
        Path three = dir.resolve("three.brine");
        Path continued = dir.resolve("continued.brine");
        String[] settings = {"--model", "mlp", "--data", numeric.toString(), "--target", "y", "--layers", "8"};
        train(concat(settings, "--epochs", "5", "-o", longer.toString()));
        train(concat(settings, "--epochs", "3", "-o", three.toString()));
        train("train", "--from", three.toString(), "--data", numeric.toString(), "--target", "y", "--epochs", "5",
                "-o", continued.toString());
        TabularNetwork expected = (TabularNetwork) Models.load(longer);
        TabularNetwork actual = (TabularNetwork) Models.load(continued);
        for (int i = 0; i < expected.network().namedParameters().size(); i++) {
            assertArrayEquals(expected.network().namedParameters().get(i).getValue().value(),
                    actual.network().namedParameters().get(i).getValue().value());
        }
    }

    @Test
    void modelsThatCannotContinueAndConflictingFlagsAreRefused() throws IOException {
        Path data = rows("data.csv", 0, 60);
        Path forest = dir.resolve("forest.brine");
        train("train", "--model", "forest", "--data", data.toString(), "--target", "y", "--param",
                "n_estimators=3", "-o", forest.toString());
        MainTest.Result unsupported = brine("train", "--from", forest.toString(), "--data", data.toString(),
                "--target", "y", "-o", dir.resolve("x.brine").toString());
        assertEquals(5, unsupported.exitCode(), unsupported.err());
        assertTrue(unsupported.err().contains("cannot train further"), unsupported.err());

        MainTest.Result conflicting = brine("train", "--from", forest.toString(), "--model", "ridge", "--data",
                data.toString(), "--target", "y", "-o", dir.resolve("y.brine").toString());
        assertEquals(2, conflicting.exitCode(), conflicting.err());
        MainTest.Result neither = brine("train", "--data", data.toString(), "--target", "y", "-o",
                dir.resolve("z.brine").toString());
        assertEquals(2, neither.exitCode(), neither.err());
        assertTrue(neither.err().contains("--from"), neither.err());
    }

    private static String[] concat(String[] first, String... more) {
        String[] out = new String[1 + first.length + more.length];
        out[0] = "train";
        System.arraycopy(first, 0, out, 1, first.length);
        System.arraycopy(more, 0, out, 1 + first.length, more.length);
        return out;
    }
}
