package dev.brine.onnx;

import dev.brine.core.BrineException;
import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.onnx.proto.OnnxParts;
import dev.brine.onnx.proto.ProtoWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.brine.onnx.Fixtures.assertClose;
import static dev.brine.onnx.Fixtures.doubles;
import static dev.brine.onnx.Fixtures.floatTensor;
import static dev.brine.onnx.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxImportTest {
    private static final Map<String, DType> DTYPES = Map.ofEntries(
            Map.entry("f32_typed", DType.F32), Map.entry("f32_raw", DType.F32), Map.entry("f64_typed", DType.F64),
            Map.entry("f16_typed", DType.F16), Map.entry("bf16_typed", DType.BF16), Map.entry("i8_typed", DType.I8),
            Map.entry("u8_typed", DType.U8), Map.entry("i16_typed", DType.I16), Map.entry("u16_typed", DType.U16),
            Map.entry("i32_typed", DType.I32), Map.entry("u32_typed", DType.U32), Map.entry("i64_typed", DType.I64),
            Map.entry("u64_typed", DType.U64), Map.entry("bool_typed", DType.BOOL), Map.entry("i64_raw", DType.I64),
            Map.entry("scalar_f32", DType.F32), Map.entry("empty_f32", DType.F32));

    @Test
    void decodesEveryDataTypeFromTypedFieldsAndRawData() {
        Json.JsonObject expected = reference("typed_fields");
        Map<String, Tensor> tensors = tensors(Onnx.split(Fixtures.path("typed_fields.onnx"), Limits.DEFAULTS));
        assertEquals(DTYPES.keySet(), tensors.keySet(), "the string initializer stays in the graph");
        DTYPES.forEach((name, dtype) -> {
            Tensor tensor = tensors.get(name);
            Json.JsonObject reference = expected.getObject(name);
            assertEquals(dtype, tensor.dtype(), name);
            assertArrayEquals(reference.getArray("dims").toLongArray(), tensor.shape().dims(), name);
            List<String> values = reference.getArray("values").toStringList();
            for (int i = 0; i < values.size(); i++) {
                assertEquals(expectedBits(values.get(i), dtype), actualBits(tensor, i), name + "[" + i + "]");
            }
        });
    }

    /** Integers compare exactly as unsigned/signed values; floats compare as doubles (all are exact in their type). */
    private static Object expectedBits(String text, DType dtype) {
        return switch (dtype.kind()) {
            case FLOAT -> Double.parseDouble(text);
            case BOOL -> text.equals("True") ? 1L : 0L;
            default -> new BigInteger(text).longValue();
        };
    }

    private static Object actualBits(Tensor tensor, int index) {
        return tensor.dtype().isFloatingPoint() ? (Object) tensor.getDouble(index) : (Object) tensor.getLong(index);
    }

    @Test
    void readsExternalDataFromTheModelsDirectory() {
        Json.JsonObject reference = reference("external");
        OnnxModel model = Onnx.load(Fixtures.path("external/model.onnx"));
        assertClose(doubles(reference, "output"), model.predict(floatTensor(reference, "input", "input_shape")), 1e-5);
        assertClose(doubles(reference, "weight"), tensors(Onnx.split(Fixtures.path("external/model.onnx"),
                Limits.DEFAULTS)).get("w"), 0);
    }

    @Test
    void refusesExternalDataThatClimbsOutWithDotDot() {
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> Onnx.load(Fixtures.path("escape_dotdot/model.onnx")));
        assertTrue(error.getMessage().contains("../secret.bin"), error.getMessage());
    }

    @Test
    void refusesExternalDataAtAnAbsolutePath() {
        assertThrows(UnsafeModelException.class, () -> Onnx.load(Fixtures.path("escape_absolute/model.onnx")));
    }

    @Test
    void refusesASymbolicLinkLeadingOutOfTheModelsDirectory(@TempDir Path directory) throws IOException {
        Path modelDirectory = Files.createDirectory(directory.resolve("model"));
        Files.copy(Fixtures.path("external/model.onnx"), modelDirectory.resolve("model.onnx"));
        Path outside = Files.copy(Fixtures.path("external/weights.bin"), directory.resolve("outside.bin"));
        Files.createSymbolicLink(modelDirectory.resolve("weights.bin"), outside);
        assertThrows(UnsafeModelException.class, () -> Onnx.load(modelDirectory.resolve("model.onnx")));
    }

    @Test
    void refusesExternalDataThatIsADirectoryAsCorrupt(@TempDir Path directory) throws IOException {
        Path modelDirectory = Files.createDirectory(directory.resolve("model"));
        Files.copy(Fixtures.path("external/model.onnx"), modelDirectory.resolve("model.onnx"));
        Files.createDirectory(modelDirectory.resolve("weights.bin"));
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> Onnx.load(modelDirectory.resolve("model.onnx")));
        assertTrue(error.getMessage().contains("is a directory"), error.getMessage());
    }

    /** A FIFO would block the reader until something writes to it: refused before it is opened, without waiting. */
    @Test
    @org.junit.jupiter.api.Timeout(10)
    void refusesExternalDataThatIsAFifoWithoutOpeningIt(@TempDir Path directory) throws Exception {
        Path modelDirectory = Files.createDirectory(directory.resolve("model"));
        Files.copy(Fixtures.path("external/model.onnx"), modelDirectory.resolve("model.onnx"));
        Process mkfifo = new ProcessBuilder("mkfifo", modelDirectory.resolve("weights.bin").toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        UnsafeModelException error = assertThrows(UnsafeModelException.class,
                () -> Onnx.load(modelDirectory.resolve("model.onnx")));
        assertTrue(error.getMessage().contains("not a regular file"), error.getMessage());
    }

    @Test
    void aBrineCopyKeepsExternalDataAndNeedsNoSideFile(@TempDir Path directory) throws IOException {
        Json.JsonObject reference = reference("external");
        Path modelDirectory = Files.createDirectory(directory.resolve("model"));
        Path model = Files.copy(Fixtures.path("external/model.onnx"), modelDirectory.resolve("model.onnx"));
        Files.copy(Fixtures.path("external/weights.bin"), modelDirectory.resolve("weights.bin"));
        Path brine = directory.resolve("model.brine");
        dev.brine.core.Models.save(Onnx.load(model), brine);
        Files.delete(modelDirectory.resolve("weights.bin"));
        assertClose(doubles(reference, "output"), dev.brine.core.Models.load(brine)
                .predict(floatTensor(reference, "input", "input_shape")), 1e-5);
    }

    @Test
    void refusesExternalDataForAModelReadFromBytes() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.path("external/model.onnx"));
        assertThrows(UnsafeModelException.class, () -> Onnx.fromBytes(bytes, "in memory", Limits.DEFAULTS));
    }

    @Test
    void everyTruncationIsCorruptOrAValidPrefix() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.path("mlp.onnx"));
        for (int length = 0; length < bytes.length; length++) {
            Path path = Files.write(Files.createTempFile("truncated", ".onnx"),
                    java.util.Arrays.copyOf(bytes, length));
            try {
                Onnx.split(path, Limits.DEFAULTS);
            } catch (CorruptModelException expected) {
                // a prefix that ends inside a field
            } finally {
                Files.delete(path);
            }
        }
    }

    @Test
    void checksTheDeclaredSizeBeforeAllocating() {
        // One FLOAT initializer declaring 2^20 x 2^20 elements with one value in float_data.
        ProtoWriter tensor = new ProtoWriter().varint(1, 1L << 20).varint(1, 1L << 20).varint(2, 1)
                .string(8, "huge").packedFloats(4, new float[] {1f});
        ProtoWriter model = new ProtoWriter().varint(1, 8)
                .message(7, new ProtoWriter().message(5, tensor).string(2, "g"));
        Limits limits = Limits.builder().maxTensorBytes(1L << 30).build();
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> Onnx.fromBytes(model.toBytes(), "huge.onnx", limits));
        assertTrue(error.getMessage().contains("maxTensorBytes"), error.getMessage());
    }

    @Test
    void refusesValuesThatDoNotFillTheDims() {
        ProtoWriter tensor = new ProtoWriter().varint(1, 3).varint(2, 1).string(8, "short")
                .packedFloats(4, new float[] {1f, 2f});
        byte[] model = new ProtoWriter().message(7, new ProtoWriter().message(5, tensor)).toBytes();
        BrineException error = assertThrows(CorruptModelException.class,
                () -> Onnx.fromBytes(model, "short.onnx", Limits.DEFAULTS));
        assertTrue(error.getMessage().contains("\"short\""), error.getMessage());
    }

    @Test
    void skeletonHoldsNoWeightsAndNoExternalReferences() {
        OnnxParts parts = Onnx.split(Fixtures.path("external/model.onnx"), Limits.DEFAULTS);
        byte[] skeleton = parts.skeleton().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertFalse(new String(skeleton, java.nio.charset.StandardCharsets.ISO_8859_1).contains("weights.bin"));
    }

    private static Map<String, Tensor> tensors(OnnxParts parts) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (NamedTensor tensor : parts.initializers()) {
            out.put(tensor.name(), tensor.tensor());
        }
        return out;
    }
}
