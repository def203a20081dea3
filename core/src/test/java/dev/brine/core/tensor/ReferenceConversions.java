package dev.brine.core.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The reference conversions that {@code dtypes/generate.py} wrote with numpy, torch and an exact FP8 reference
 * (layout in {@code dtypes/README.md}).
 */
record ReferenceConversions(DType source, DType target, String reference, int count, byte[] inputs, byte[] outputs) {

    private static final String RESOURCE = "/dtypes/conversions.bin.gz";

    @Override
    public String toString() {
        return source + " → " + target + " (" + count + " values, " + reference + ")";
    }

    static List<ReferenceConversions> load() {
        try (InputStream raw = ReferenceConversions.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException(RESOURCE + " is missing; run dtypes/generate.py");
            }
            ByteBuffer in = ByteBuffer.wrap(new GZIPInputStream(raw).readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[4];
            in.get(magic);
            int version = in.getInt();
            if (!new String(magic, StandardCharsets.US_ASCII).equals("BRDT") || version != 1) {
                throw new IllegalStateException(RESOURCE + " is not a version 1 BRDT file");
            }
            int tables = in.getInt();
            List<ReferenceConversions> out = new ArrayList<>();
            for (int t = 0; t < tables; t++) {
                DType source = DType.valueOf(shortString(in));
                int count = in.getInt();
                byte[] inputs = switch (in.get()) {
                    case 0 -> bytes(in, (long) count * source.byteSize());
                    case 1 -> everyPattern(source, count);
                    default -> throw new IllegalStateException(RESOURCE + ": unknown input kind");
                };
                int columns = in.get() & 0xFF;
                for (int c = 0; c < columns; c++) {
                    DType target = DType.valueOf(shortString(in));
                    String reference = shortString(in);
                    out.add(new ReferenceConversions(source, target, reference, count, inputs,
                            bytes(in, (long) count * target.byteSize())));
                }
            }
            if (in.hasRemaining()) {
                throw new IllegalStateException(RESOURCE + " has " + in.remaining() + " trailing bytes");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortString(ByteBuffer in) {
        return new String(bytes(in, in.get() & 0xFF), StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(ByteBuffer in, long length) {
        byte[] out = new byte[Math.toIntExact(length)];
        in.get(out);
        return out;
    }

    /** Every bit pattern of a one- or two-byte dtype, in increasing order, little-endian. */
    private static byte[] everyPattern(DType source, int count) {
        if (count != 1 << (8 * source.byteSize())) {
            throw new IllegalStateException("every-pattern table of " + source + " with " + count + " elements");
        }
        ByteBuffer out = ByteBuffer.allocate(count * source.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int pattern = 0; pattern < count; pattern++) {
            if (source.byteSize() == 1) {
                out.put((byte) pattern);
            } else {
                out.putShort((short) pattern);
            }
        }
        return out.array();
    }
}
