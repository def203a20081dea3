package dev.brine.cli.predict;

import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes numpy's {@code .npy} format, version 1.0: the magic, a Python-literal header padded with spaces to a
 * multiple of 64 bytes and ended by a newline, then the little-endian C-order data. Text is a {@code <U}n array
 * (UTF-32, n the longest string's code points), which {@code np.load} reads without pickles.
 */
final class NpyWriter {
    private NpyWriter() {
    }

    static void write(Tensor tensor, OutputStream out) throws IOException {
        Tensor stored = switch (tensor.dtype()) {
            case BF16, F8_E4M3, F8_E5M2 -> tensor.to(DType.F32);   // numpy has no such dtype
            default -> tensor;
        };
        header(descr(stored.dtype()), stored.shape().dims(), out);
        byte[] chunk = new byte[1 << 16];
        for (long at = 0; at < stored.byteSize(); at += chunk.length) {
            int n = (int) Math.min(chunk.length, stored.byteSize() - at);
            java.lang.foreign.MemorySegment.copy(stored.data(), ValueLayout.JAVA_BYTE, at, chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    static void writeText(List<String> values, OutputStream out) throws IOException {
        int width = Math.max(1, values.stream().mapToInt(value -> value.codePointCount(0, value.length())).max()
                .orElse(1));
        header("<U" + width, new long[] {values.size()}, out);
        ByteBuffer item = ByteBuffer.allocate(width * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (String value : values) {
            item.clear();
            value.codePoints().forEach(item::putInt);
            while (item.hasRemaining()) item.putInt(0);
            out.write(item.array());
        }
    }

    private static String descr(DType dtype) {
        return switch (dtype) {
            case F64 -> "<f8";
            case F32 -> "<f4";
            case F16 -> "<f2";
            case I64 -> "<i8";
            case I32 -> "<i4";
            case I16 -> "<i2";
            case I8 -> "|i1";
            case U64 -> "<u8";
            case U32 -> "<u4";
            case U16 -> "<u2";
            case U8 -> "|u1";
            case BOOL -> "|b1";
            case BF16, F8_E4M3, F8_E5M2 -> throw new IllegalStateException(dtype + " is stored as F32");
        };
    }

    private static void header(String descr, long[] shape, OutputStream out) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String literal = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + dims + (shape.length == 1 ? "," : "") + "), }";
        int unpadded = 10 + literal.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = literal + " ".repeat(padding) + "\n";
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int length = text.length();
        out.write(new byte[] {(byte) length, (byte) (length >>> 8)});
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
}
