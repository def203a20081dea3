package dev.brine.bench;

import dev.brine.core.Limits;
import dev.brine.core.Models;
import dev.brine.core.format.BrineFile;
import dev.brine.core.format.Inspection;
import dev.brine.core.format.Manifest;
import dev.brine.core.format.Provenance;
import dev.brine.core.format.VerifyReport;
import dev.brine.core.json.Json;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the benchmarks time on the Brine side, each through the public API a user calls. The harness
 * ({@link FormatBench}), the JMH benchmarks ({@link FormatBenchmarks}) and the smoke test all run these same bodies.
 */
public final class FormatOperations {
    /** Summing is done over slices this long so the inner loop has an int counter, which the JIT unrolls best. */
    private static final long SLICE_BYTES = 1L << 30;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FormatOperations() {
    }

    /** What {@code brine inspect} does: detect the format, open the file, read its manifest and tensor table. */
    public static Inspection openAndInspect(Path file) {
        return Models.inspect(file, LoadOptions.DEFAULTS);
    }

    /** Opens the file and reads every tensor byte once (a wrapping sum of 64-bit words); returns the sum. */
    public static long touchAll(Path file) {
        try (BrineFile brine = BrineFile.open(file, Limits.DEFAULTS)) {
            long sum = 0;
            for (Map.Entry<String, Tensor> tensor : brine.safetensors().tensors().entrySet()) {
                sum += sum(tensor.getValue().data());
            }
            return sum;
        }
    }

    /** Wrapping sum of the segment's bytes read as little-endian 64-bit words, the tail byte by byte. */
    public static long sum(MemorySegment bytes) {
        long total = 0;
        for (long start = 0; start < bytes.byteSize(); start += SLICE_BYTES) {
            total += sumSlice(bytes.asSlice(start, Math.min(SLICE_BYTES, bytes.byteSize() - start)));
        }
        return total;
    }

    private static long sumSlice(MemorySegment slice) {
        int words = (int) (slice.byteSize() / Long.BYTES);
        long total = 0;
        for (int word = 0; word < words; word++) {
            total += slice.get(WORD, (long) word * Long.BYTES);
        }
        for (long tail = (long) words * Long.BYTES; tail < slice.byteSize(); tail++) {
            total += slice.get(ValueLayout.JAVA_BYTE, tail);
        }
        return total;
    }

    /** Saves the snapshot as a {@code .brine} file, atomically and with every tensor's digest. */
    public static Manifest save(ModelSnapshot snapshot, Path target) {
        return BrineFile.write(target, snapshot, Provenance.now(), Json.JsonObject.EMPTY, Map.of());
    }

    /** {@link Models#verify}; a damaged file stops the benchmark, since its timing would mean nothing. */
    public static VerifyReport verify(Path file) {
        VerifyReport report = Models.verify(file);
        if (!report.intact() || !report.digestsRecorded()) {
            throw new IllegalStateException(file + " did not verify: " + report);
        }
        return report;
    }
}
