package dev.brine.onnx;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.brine.onnx.Fixtures.assertClose;
import static dev.brine.onnx.Fixtures.doubles;
import static dev.brine.onnx.Fixtures.floatTensor;
import static dev.brine.onnx.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OnnxRunTest {

    @Test
    void predictsAnMlpAsNumpyComputesIt() {
        Json.JsonObject reference = reference("mlp");
        Model model = Onnx.load(Fixtures.path("mlp.onnx"));
        assertClose(doubles(reference, "output"), model.predict(floatTensor(reference, "input", "input_shape")), 1e-5);
    }

    /** A Loop that never ends is stopped by the run's time budget, with a message naming the limit. */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void anEndlessLoopIsStoppedByTheTimeBudget() {
        dev.brine.core.Limits limits = dev.brine.core.Limits.builder().maxRunMillis(300).build();
        Model model = Models.load(Fixtures.path("endless_loop.onnx"),
                dev.brine.core.model.LoadOptions.DEFAULTS.withLimits(limits));
        long start = System.nanoTime();
        dev.brine.core.UnsupportedModelException error = assertThrows(dev.brine.core.UnsupportedModelException.class,
                () -> model.predict(Tensor.of(new float[] {1}, 1, 1)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(millis >= 300 && millis < 10_000, millis + " ms");
        org.junit.jupiter.api.Assertions.assertTrue(error.getMessage().contains("maxRunMillis = 300"),
                error.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(error.getMessage().contains("--limit maxRunMillis="),
                error.getMessage());
        // The session stays usable: the next run gets its own budget (and is stopped again).
        assertThrows(dev.brine.core.UnsupportedModelException.class,
                () -> model.predict(Tensor.of(new float[] {1}, 1, 1)));
    }

    @Test
    void signatureComesFromTheGraph() {
        Model model = Onnx.load(Fixtures.path("mlp.onnx"));
        assertEquals(List.of(new TensorSpec("x", DType.F32, new long[] {-1, 4})), model.signature().inputs());
        assertEquals(List.of(new TensorSpec("y", DType.F32, new long[] {-1, 3})), model.signature().outputs());
    }

    @Test
    void splitsTheBatchWhenTheGraphFixesItsSize() {
        Json.JsonObject reference = reference("mlp_batch1");
        Model model = Onnx.load(Fixtures.path("mlp_batch1.onnx"));
        Tensor output = model.predict(floatTensor(reference, "input", "input_shape"));
        assertArrayEquals(new long[] {6, 3}, output.shape().dims());
        assertClose(doubles(reference, "output"), output, 1e-5);
    }

    @Test
    void convertsDoubleInputToTheGraphsFloat() {
        Json.JsonObject reference = reference("mlp");
        Model model = Onnx.load(Fixtures.path("mlp.onnx"));
        Tensor input = floatTensor(reference, "input", "input_shape").to(DType.F64);
        assertClose(doubles(reference, "output"), model.predict(input), 1e-5);
    }

    @Test
    void refusesAnInputOfTheWrongWidth() {
        Model model = Onnx.load(Fixtures.path("mlp.onnx"));
        assertThrows(IncompatibleModelException.class, () -> model.predict(Tensor.zeros(DType.F32, 2, 5)));
    }

    @Test
    void zipMapClassifierReturnsLabelIndicesAndProbabilities() {
        Json.JsonObject reference = reference("classifier_zipmap");
        Classifier model = assertInstanceOf(Classifier.class, Onnx.load(Fixtures.path("classifier_zipmap.onnx")));
        Tensor input = floatTensor(reference, "input", "input_shape");
        assertEquals(List.of("10", "20", "30"), model.classLabels());
        assertArrayEquals(reference.getArray("expected_label_index").toLongArray(),
                model.predict(input).toLongArray());
        assertClose(doubles(reference, "probabilities"), model.predictProba(input), 1e-5);
    }

    @Test
    void stringLabelClassifierWithProbabilityTensor() {
        Json.JsonObject reference = reference("classifier_strings");
        Classifier model = assertInstanceOf(Classifier.class, Onnx.load(Fixtures.path("classifier_strings.onnx")));
        Tensor input = floatTensor(reference, "input", "input_shape");
        assertEquals(List.of("setosa", "versicolor", "virginica"), model.classLabels());
        assertArrayEquals(reference.getArray("expected_label_index").toLongArray(),
                model.predict(input).toLongArray());
        assertClose(doubles(reference, "probabilities"), model.predictProba(input), 1e-5);
    }

    @Test
    void modelsLoadFindsTheOnnxReader() {
        assertInstanceOf(OnnxModel.class, Models.load(Fixtures.path("mlp.onnx")));
    }

    @Test
    void survivesARoundTripThroughBrine(@TempDir Path directory) {
        Json.JsonObject reference = reference("classifier_zipmap");
        Path brine = directory.resolve("classifier.brine");
        Models.save(Onnx.load(Fixtures.path("classifier_zipmap.onnx")), brine);
        Classifier restored = assertInstanceOf(Classifier.class, Models.load(brine));
        Tensor input = floatTensor(reference, "input", "input_shape");
        assertEquals(List.of("10", "20", "30"), restored.classLabels());
        assertClose(doubles(reference, "probabilities"), restored.predictProba(input), 1e-5);
    }

    @Test
    void snapshotKeepsGraphBytesAndInitializersOnce() {
        Json.JsonObject reference = reference("mlp");
        List<NamedTensor> tensors = Onnx.load(Fixtures.path("mlp.onnx")).snapshot().tensors();
        assertEquals(List.of("__onnx_model__", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"),
                tensors.stream().map(NamedTensor::name).toList());
        assertEquals(TensorRole.DATA, tensors.getFirst().role());
        assertEquals(DType.U8, tensors.getFirst().tensor().dtype());
        long weightBytes = tensors.stream().skip(1).mapToLong(tensor -> tensor.tensor().byteSize()).sum();
        long fileBytes = Fixtures.path("mlp.onnx").toFile().length();
        assertEquals(fileBytes, tensors.getFirst().tensor().byteSize() + weightBytes, fileBytes * 0.1,
                "the graph bytes no longer hold the weights");
        assertClose(doubles(reference.getObject("initializers"), "fc1.weight"), tensors.get(1).tensor(), 0);
    }
}
