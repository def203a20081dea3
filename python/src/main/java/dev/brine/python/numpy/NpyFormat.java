package dev.brine.python.numpy;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code .npy} layout (docs/python-formats.md): magic, version 1/2/3, a length-prefixed Python-literal header with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the data.
 */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /**
     * A parsed header.
     *
     * @param dataOffset where the data starts, relative to the start of the {@code .npy} bytes
     */
    record Header(NumpyDType dtype, boolean fortranOrder, long[] shape, long dataOffset) {
    }

    private NpyFormat() {
    }

    static boolean hasMagic(byte[] head) {
        if (head.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) return false;
        }
        return true;
    }

    /** The header, refusing object dtypes unless {@code allowObjects} (the scanner reads their pickle). */
    static Header header(MemorySegment npy, String where, Limits limits, boolean allowObjects) {
        if (npy.byteSize() < 10 || !hasMagic(npy.asSlice(0, 6).toArray(ValueLayout.JAVA_BYTE))) {
            throw new CorruptModelException(where + ": not a .npy file (no \\x93NUMPY magic).");
        }
        int major = npy.get(ValueLayout.JAVA_BYTE, 6) & 0xFF;
        long headerLength;
        int lengthField;
        if (major == 1) {
            headerLength = npy.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8) & 0xFFFF;
            lengthField = 2;
        } else if (major == 2 || major == 3) {
            if (npy.byteSize() < 12) {
                throw new CorruptModelException(where + ": .npy header is truncated.");
            }
            headerLength = npy.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8)
                    & 0xFFFF_FFFFL;
            lengthField = 4;
        } else {
            throw new UnsupportedModelException(where + ": .npy format version " + major
                    + "; Brine reads versions 1, 2 and 3.");
        }
        Limits.check(where + ": .npy header length", headerLength, limits.maxHeaderBytes(), "maxHeaderBytes");
        long dataOffset = 8 + lengthField + headerLength;
        if (dataOffset > npy.byteSize()) {
            throw new CorruptModelException(where + ": the .npy header runs past the end of the file.");
        }
        byte[] raw = npy.asSlice(8 + lengthField, headerLength).toArray(ValueLayout.JAVA_BYTE);
        String text = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Object parsed = PythonLiteral.parse(text, limits.maxNestingDepth()).orElseThrow(
                () -> new CorruptModelException(where + ": the .npy header is not a Python dict literal."));
        if (!(parsed instanceof Map<?, ?> dict) || dict.size() != 3 || !(dict.get("fortran_order") instanceof Boolean
                fortran) || !(dict.get("shape") instanceof List<?> shapeItems) || !dict.containsKey("descr")) {
            throw new CorruptModelException(where + ": the .npy header must have exactly descr, fortran_order and"
                    + " shape; it is " + text.strip());
        }
        NumpyDType dtype = descr(dict.get("descr"), where, 0, limits);
        if (!allowObjects && containsObjects(dtype)) {
            throw objectArray(where);
        }
        Limits.check(where + ": rank", shapeItems.size(), limits.maxRank(), "maxRank");
        long[] shape = new long[shapeItems.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeItems.get(i) instanceof Long dim) || dim < 0) {
                throw new CorruptModelException(where + ": .npy shape " + shapeItems + " is not non-negative ints.");
            }
            shape[i] = dim;
        }
        return new Header(dtype, fortran, shape, dataOffset);
    }

    static UnsafeModelException objectArray(String where) {
        return new UnsafeModelException(where + ": an object array, which numpy stores as a pickle that could run"
                + " code on load (numpy refuses it too unless allow_pickle=True). Brine reads numeric arrays only;"
                + " save the data as a numeric array.");
    }

    private static boolean containsObjects(NumpyDType dtype) {
        return dtype.isObject() || dtype.fields().stream().anyMatch(field -> containsObjects(field.dtype()))
                || dtype.subarray().map(sub -> containsObjects(sub.base())).orElse(false);
    }

    /** A {@code descr}: a type string, or a list of {@code (name, descr[, shape])} fields laid out in order. */
    private static NumpyDType descr(Object value, String where, int depth, Limits limits) {
        if (value instanceof String typestr) {
            return NumpyDType.parse(typestr, where);
        }
        if (!(value instanceof List<?> fieldSpecs) || depth > limits.maxNestingDepth()) {
            throw new CorruptModelException(where + ": .npy descr " + value + " is not a type string or field list.");
        }
        List<NumpyDType.Field> fields = new ArrayList<>();
        long offset = 0;
        for (Object spec : fieldSpecs) {
            if (!(spec instanceof List<?> parts) || parts.size() < 2 || parts.size() > 3) {
                throw new CorruptModelException(where + ": .npy field " + spec + " is not (name, type[, shape]).");
            }
            String name = switch (parts.get(0)) {
                case String plain -> plain;
                case List<?> titled when titled.size() == 2 && titled.get(1) instanceof String plain -> plain;
                default -> throw new CorruptModelException(where + ": .npy field name " + parts.get(0));
            };
            NumpyDType fieldType = descr(parts.get(1), where, depth + 1, limits);
            long size = fieldType.itemSize();
            if (parts.size() == 3) {
                if (!(parts.get(2) instanceof List<?> dims)) {
                    throw new CorruptModelException(where + ": .npy field shape " + parts.get(2));
                }
                for (Object dim : dims) {
                    if (!(dim instanceof Long count) || count < 0) {
                        throw new CorruptModelException(where + ": .npy field shape " + dims);
                    }
                    size = multiply(size, count, where);
                }
                fieldType = NumpyDType.ofSubarray(fieldType, dims.stream().mapToLong(dim -> (Long) dim).toArray(),
                        size);
            }
            if (!name.isEmpty()) {
                fields.add(new NumpyDType.Field(name, fieldType, offset));
            }
            offset = multiply(1, offset + size, where);
            if (offset < 0) {
                throw new CorruptModelException(where + ": .npy record size overflows.");
            }
        }
        return NumpyDType.structured(fields, offset);
    }

    private static long multiply(long a, long b, String where) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CorruptModelException(where + ": .npy field sizes overflow.");
        }
    }
}
