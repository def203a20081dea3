package dev.brine.core.format;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each {@link Limits} value given to a reader is honoured: a file at the limit is read, one over it refused. */
class LimitsTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(ReadMode.class)
    void maxTensors(ReadMode mode) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            tensors.put("t" + i, Tensor.of(new float[] {i}));
        }
        Path file = write(tensors);
        assertAtLimitButNotBelow(mode, file, "maxTensors", 5, limit -> builder -> builder.maxTensors((int) limit));
    }

    @ParameterizedTest
    @EnumSource(ReadMode.class)
    void maxRank(ReadMode mode) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("deep", Tensor.zeros(DType.F32, 1, 2, 1, 2, 1));
        Path file = write(tensors);
        assertAtLimitButNotBelow(mode, file, "maxRank", 5, limit -> builder -> builder.maxRank((int) limit));
    }

    @ParameterizedTest
    @EnumSource(ReadMode.class)
    void maxTensorBytes(ReadMode mode) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("small", Tensor.zeros(DType.F64, 3));
        tensors.put("large", Tensor.zeros(DType.F64, 100));
        Path file = write(tensors);
        assertAtLimitButNotBelow(mode, file, "maxTensorBytes", 800, limit -> builder -> builder.maxTensorBytes(limit));
    }

    @ParameterizedTest
    @EnumSource(ReadMode.class)
    void maxHeaderBytes(ReadMode mode) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1, 2}));
        Path file = write(tensors);
        long headerBytes;
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            headerBytes = read.header().headerBytes();
        }
        assertAtLimitButNotBelow(mode, file, "maxHeaderBytes", headerBytes,
                limit -> builder -> builder.maxHeaderBytes(limit));
    }

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"STREAM", "TRICKLE"})
    void maxInMemoryBytesBoundsWhatAStreamMayAllocate(ReadMode mode) {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.zeros(DType.U8, 1000));
        tensors.put("b", Tensor.zeros(DType.U8, 24));
        Path file = write(tensors);
        assertAtLimitButNotBelow(mode, file, "maxInMemoryBytes", 1024,
                limit -> builder -> builder.maxInMemoryBytes(limit));
    }

    @Test
    void aMappedFileIsNotBoundByMaxInMemoryBytes() {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.zeros(DType.U8, 4096));
        Path file = write(tensors);
        Limits limits = Limits.builder().maxInMemoryBytes(1).build();
        assertDoesNotThrow(() -> {
            try (Arena arena = Arena.ofConfined()) {
                ReadMode.MAPPED.read(file, limits, arena).close();
            }
        });
    }

    /** A stream whose header claims 64 GiB is refused from the header alone: nothing that size is allocated. */
    @Test
    void aStreamClaimingHugeDataIsRefusedBeforeAllocating() {
        long claimed = 64L << 30;
        byte[] header = ("{\"huge\":{\"dtype\":\"U8\",\"shape\":[" + claimed + "],\"data_offsets\":[0," + claimed
                + "]}}").getBytes(StandardCharsets.US_ASCII);
        byte[] prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array();
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(prefix), new ByteArrayInputStream(header));
        try (Arena arena = Arena.ofConfined()) {
            CorruptModelException error = assertThrows(CorruptModelException.class,
                    () -> SafetensorsFile.read(in, "upload", Limits.DEFAULTS, arena));
            assertTrue(error.getMessage().contains("maxInMemoryBytes"), error.getMessage());
        }
    }

    /** Raising maxHeaderBytes past what a Java array holds must not turn a hostile length into a crash. */
    @ParameterizedTest
    @EnumSource(ReadMode.class)
    void aHeaderLongerThanAJavaArrayIsRefusedEvenUnderARaisedLimit(ReadMode mode) throws java.io.IOException {
        byte[] prefix = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(3L << 30)
                .put("{}      ".getBytes(StandardCharsets.US_ASCII)).array();
        Path file = java.nio.file.Files.write(directory.resolve("huge-header.safetensors"), prefix);
        Limits raised = Limits.builder().maxHeaderBytes(4L << 30).build();
        CorruptModelException error = assertThrows(CorruptModelException.class, () -> {
            try (Arena arena = Arena.ofConfined()) {
                mode.read(file, raised, arena).close();
            }
        });
        assertTrue(error.getMessage().contains("offset 0"), error.getMessage());
    }

    private void assertAtLimitButNotBelow(ReadMode mode, Path file, String limitName, long atLimit,
                                          java.util.function.LongFunction<UnaryOperator<Limits.Builder>> set) {
        Limits exact = set.apply(atLimit).apply(Limits.builder()).build();
        assertDoesNotThrow(() -> {
            try (Arena arena = Arena.ofConfined()) {
                mode.read(file, exact, arena).close();
            }
        }, limitName + " = " + atLimit);
        Limits below = set.apply(atLimit - 1).apply(Limits.builder()).build();
        CorruptModelException error = assertThrows(CorruptModelException.class, () -> {
            try (Arena arena = Arena.ofConfined()) {
                mode.read(file, below, arena).close();
            }
        }, limitName + " = " + (atLimit - 1));
        assertTrue(error.getMessage().contains(limitName), error.getMessage());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    private Path write(LinkedHashMap<String, Tensor> tensors) {
        Path file = directory.resolve("limits-" + tensors.keySet().iterator().next() + ".safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());
        return file;
    }
}
