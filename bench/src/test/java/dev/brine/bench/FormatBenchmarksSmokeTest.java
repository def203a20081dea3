package dev.brine.bench;

import dev.brine.core.format.Inspection;
import dev.brine.core.format.Manifest;
import dev.brine.core.format.VerifyReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every JMH benchmark body once on the 1 MB model and checks what it returns against values computed here from
 * the float[] arrays, so a benchmark that silently does less work (or the wrong work) fails the build. No timing.
 */
class FormatBenchmarksSmokeTest {
    private static final long MIB = 1 << 20;
    private final FormatBenchmarks benchmarks = new FormatBenchmarks();
    private List<HeapTensor> arrays;

    @BeforeEach
    void setUp() throws IOException {
        benchmarks.size = "1M";
        benchmarks.setUp();
        arrays = benchmarks.arrays();
    }

    @AfterEach
    void tearDown() {
        Path directory = benchmarks.files().directory();
        benchmarks.tearDown();
        assertFalse(Files.exists(directory), "the benchmark must delete its files");
    }

    @Test
    void openAndInspectSeesTheWholeTensorTable() {
        Inspection inspection = benchmarks.openAndInspect();
        assertEquals("brine", inspection.format());
        assertEquals(SyntheticModel.TYPE, inspection.modelType());
        assertEquals(arrays.stream().map(HeapTensor::name).toList(),
                inspection.tensors().stream().map(Inspection.TensorInfo::name).toList());
        assertEquals(MIB, inspection.tensors().stream().mapToLong(Inspection.TensorInfo::bytes).sum());
    }

    @Test
    void touchAllReadsEveryByte() {
        long expected = 0;
        for (HeapTensor tensor : arrays) {
            ByteBuffer bytes = littleEndianBytes(tensor.values());
            while (bytes.hasRemaining()) {
                expected += bytes.getLong();
            }
        }
        assertEquals(expected, benchmarks.touchAll());
    }

    @Test
    void saveRecordsTheDigestOfEveryTensor() throws NoSuchAlgorithmException {
        Manifest manifest = benchmarks.save();
        for (HeapTensor tensor : arrays) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(littleEndianBytes(tensor.values()).array());
            assertEquals(HexFormat.of().formatHex(digest), manifest.tensors().get(tensor.name()).sha256(),
                    tensor.name());
        }
        assertTrue(FormatOperations.verify(benchmarks.files().brineSaveTarget()).intact());
    }

    @Test
    void verifyChecksEveryTensor() {
        VerifyReport report = benchmarks.verify();
        assertTrue(report.intact());
        assertEquals(arrays.size(), report.tensorsChecked());
        assertEquals(MIB, report.bytesChecked());
    }

    @Test
    void javaSerializationRoundTripsTheArrays() {
        assertSameTensors(arrays, JavaSerializationPeer.read(benchmarks.javaSerializationWrite()));
        assertSameTensors(arrays, benchmarks.javaSerializationRead());
    }

    @Test
    void npyRoundTripsTheArrays() {
        assertSameTensors(arrays, NpyPeer.read(benchmarks.npyWrite()));
        assertSameTensors(arrays, benchmarks.npyRead());
    }

    @Test
    void channelReadReadsTheWholeFile() throws IOException {
        assertEquals(Files.size(benchmarks.files().brine()), benchmarks.channelRead());
    }

    private static ByteBuffer littleEndianBytes(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes;
    }

    private static void assertSameTensors(List<HeapTensor> expected, List<HeapTensor> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).name(), actual.get(i).name());
            assertArrayEquals(expected.get(i).shape(), actual.get(i).shape());
            assertArrayEquals(expected.get(i).values(), actual.get(i).values(), expected.get(i).name());
        }
    }
}
