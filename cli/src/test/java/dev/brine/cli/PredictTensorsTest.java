package dev.brine.cli;

import dev.brine.python.numpy.NumpyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `brine predict` with tensors: several named inputs, scalar inputs, rank-3 inputs and outputs (.npy, .npz, JSON
 * Lines), ONNX opsets older than ONNX Runtime runs, and array files given where a model belongs. Fixtures from
 * resources/onnx/generate.py; expected values are exact float32 arithmetic.
 */
class PredictTensorsTest {
    @TempDir
    Path dir;

    private static String fixture(String name) {
        try {
            return Path.of(PredictTensorsTest.class.getResource("/onnx/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path file(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void severalNamedInputsFromJsonLinesGiveEveryOutputByName() throws IOException {
        Path input = file("ab.jsonl", "{\"a\": [1, 2], \"b\": [10, 20]}\n{\"b\": [30, 40], \"a\": [3, 4]}\n");
        Path output = dir.resolve("out.jsonl");
        MainTest.Result result = brine("predict", fixture("two_inputs.onnx"), "--input", input.toString(),
                "--output", output.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of("{\"sum\":[11.0,22.0],\"product\":[10.0,40.0]}",
                "{\"sum\":[33.0,44.0],\"product\":[90.0,160.0]}"), Files.readAllLines(output));

        Path csv = dir.resolve("out.csv");
        assertEquals(0, brine("predict", fixture("two_inputs.onnx"), "--input", input.toString(), "--output",
                csv.toString()).exitCode());
        assertEquals(List.of("sum_0,sum_1,product_0,product_1", "11.0,22.0,10.0,40.0", "33.0,44.0,90.0,160.0"),
                Files.readAllLines(csv));
    }

    @Test
    void npzMembersFeedTheInputsOfTheSameName() throws IOException {
        Path output = dir.resolve("out.npz");
        MainTest.Result result = brine("predict", fixture("two_inputs.onnx"), "--input", fixture("ab.npz"),
                "--output", output.toString());
        assertEquals(0, result.exitCode(), result.err());
        Map<String, dev.brine.core.tensor.Tensor> arrays = NumpyFiles.readNpz(output);
        assertEquals(List.of("sum", "product"), List.copyOf(arrays.keySet()));
        assertArrayEquals(new float[] {11, 22, 33, 44}, arrays.get("sum").toFloatArray());
        assertArrayEquals(new float[] {10, 40, 90, 160}, arrays.get("product").toFloatArray());
    }

    @Test
    void missingAndUnknownInputsAreNamed() throws IOException {
        MainTest.Result result = brine("predict", fixture("two_inputs.onnx"), "--input",
                file("a.jsonl", "{\"a\": [1, 2], \"c\": [1, 2]}\n").toString(), "--output",
                dir.resolve("o.jsonl").toString());
        assertEquals(6, result.exitCode(), result.err());
        assertTrue(result.err().contains("[c] are not inputs") && result.err().contains("[a, b]"), result.err());
        MainTest.Result wrongShape = brine("predict", fixture("two_inputs.onnx"), "--input",
                file("b.jsonl", "{\"a\": [1, 2, 3], \"b\": [1, 2]}\n").toString(), "--output",
                dir.resolve("o.jsonl").toString());
        assertEquals(6, wrongShape.exitCode(), wrongShape.err());
        assertTrue(wrongShape.err().contains("line 1, input \"a\""), wrongShape.err());
    }

    @Test
    void aScalarInputRunsTheModelOncePerLine() throws IOException {
        Path input = file("x.jsonl", "{\"x\": [[1, 2, 3]], \"scale\": 2}\n{\"x\": [[1, 2, 3], [4, 5, 6]], \"scale\": -1}\n");
        Path output = dir.resolve("y.csv");
        MainTest.Result result = brine("predict", fixture("scaled.onnx"), "--input", input.toString(), "--output",
                output.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of("y_0,y_1,y_2", "2.0,4.0,6.0", "-1.0,-2.0,-3.0", "-4.0,-5.0,-6.0"),
                Files.readAllLines(output));
    }

    @Test
    void rankThreeTensorsGoToArraysOrJsonLinesNotCsv() throws IOException {
        Path npy = dir.resolve("y.npy");
        MainTest.Result result = brine("predict", fixture("relu3.onnx"), "--input", fixture("images.npy"), "--output",
                npy.toString());
        assertEquals(0, result.exitCode(), result.err());
        var y = NumpyFiles.read(npy);
        assertArrayEquals(new long[] {2, 2, 2}, y.shape().dims());
        assertArrayEquals(new float[] {1, 0, 0, 4, 0, 6, 7, 0}, y.toFloatArray());

        Path jsonl = dir.resolve("y.jsonl");
        assertEquals(0, brine("predict", fixture("relu3.onnx"), "--input", fixture("images.npy"), "--output",
                jsonl.toString()).exitCode());
        assertEquals(List.of("{\"y\":[[1.0,0.0],[0.0,4.0]]}", "{\"y\":[[0.0,6.0],[7.0,0.0]]}"),
                Files.readAllLines(jsonl));

        MainTest.Result csv = brine("predict", fixture("relu3.onnx"), "--input", fixture("images.npy"), "--output",
                dir.resolve("y.csv").toString());
        assertEquals(5, csv.exitCode(), csv.err());
        assertTrue(csv.err().contains("does not fit a CSV"), csv.err());
        assertTrue(Files.notExists(dir.resolve("y.csv")));
    }

    @Test
    void anOpsetOlderThanOnnxRuntimeRunsIsUnsupportedAndNamed() throws IOException {
        MainTest.Result result = brine("predict", fixture("opset6.onnx"), "--input",
                file("x.jsonl", "{\"x\": [1, -1]}\n").toString(), "--output", dir.resolve("y.jsonl").toString());
        assertEquals(5, result.exitCode(), result.err());
        assertTrue(result.err().contains("opset 6"), result.err());
    }

    @Test
    void probaNeedsProbabilities() throws IOException {
        MainTest.Result result = brine("predict", fixture("two_inputs.onnx"), "--input", fixture("ab.npz"),
                "--output", dir.resolve("o.npz").toString(), "--proba");
        assertEquals(6, result.exitCode(), result.err());
        assertTrue(result.err().contains("--proba needs a classifier"), result.err());
    }

    @Test
    void anArrayFileIsDataNotAModelAfterTheScanVerdict() throws IOException {
        String[] tail = {"--input", file("x.csv", "a\n1\n").toString(), "--output", dir.resolve("o.csv").toString()};
        MainTest.Result array = brine(concat("predict", fixture("images.npy"), tail));
        assertEquals(5, array.exitCode(), array.err());
        assertTrue(array.err().contains("numpy array file") && array.err().contains("F32 (2, 2, 2)"), array.err());
        assertEquals(5, brine(concat("predict", fixture("ab.npz"), tail)).exitCode());
        // An object array naming only numpy's globals is still data; one naming os.system is hostile.
        assertEquals(5, brine(concat("predict", fixture("objects.npy"), tail)).exitCode());
        MainTest.Result hostile = brine(concat("predict", fixture("hostile.npy"), tail));
        assertEquals(3, hostile.exitCode(), hostile.err());
        assertTrue(hostile.err().contains("os.system"), hostile.err());
        assertEquals(4, brine(concat("predict", fixture("truncated.npy"), tail)).exitCode());
        assertTrue(Files.notExists(Path.of("BRINE_CANARY")));
    }

    @Test
    void arrayFilesAreInspectedAndConvertedWithTheirNames() throws IOException {
        MainTest.Result inspect = brine("inspect", fixture("ab.npz"));
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("numpy") && inspect.out().contains("F32"), inspect.out());
        Path brineFile = dir.resolve("ab.brine");
        assertEquals(0, brine("convert", fixture("ab.npz"), brineFile.toString()).exitCode());
        try (var file = dev.brine.core.format.SafetensorsFile.open(brineFile)) {
            assertEquals(List.of("a", "b"), List.copyOf(file.tensors().keySet()));
            assertArrayEquals(new float[] {10, 20, 30, 40}, file.tensors().get("b").toFloatArray());
        }
        assertEquals(0, brine("verify", brineFile.toString()).exitCode());
        MainTest.Result verify = brine("verify", fixture("ab.npz"));
        assertEquals(0, verify.exitCode(), verify.err());
        assertTrue(verify.out().contains("structure valid (2 numpy arrays"), verify.out());
        assertEquals(4, brine("verify", fixture("truncated.npy")).exitCode());
        assertEquals(0, brine("scan", fixture("objects.npy")).exitCode());
        assertEquals(3, brine("scan", fixture("hostile.npy")).exitCode());
    }

    private static String[] concat(String command, String model, String[] tail) {
        String[] args = new String[2 + tail.length];
        args[0] = command;
        args[1] = model;
        System.arraycopy(tail, 0, args, 2, tail.length);
        return args;
    }
}
