package dev.brine.onnx.proto;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns a {@link TensorProtoFields} into a {@link Tensor}. Values in {@code raw_data} or in an external file become
 * slices of their mapping; values in typed fields ({@code float_data}, {@code int32_data}…) are decoded into a new
 * segment once their count and size have been checked against the {@link Limits}. Each tensor keeps its values in
 * exactly one place (docs/interop.md); anything else is corrupt.
 */
public final class TensorDecoder {
    private static final ValueLayout.OfShort I16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private final Limits limits;
    private final ExternalData external;
    private long decodedBytes;

    public TensorDecoder(Limits limits, ExternalData external) {
        this.limits = limits;
        this.external = external;
    }

    public Tensor decode(TensorProtoFields fields, DType dtype) {
        Shape shape = shapeOf(fields);
        long bytes = checkedBytes(fields, shape.numElements(), dtype.byteSize());
        int places = (fields.rawData() != null ? 1 : 0) + (fields.typedValues().isEmpty() ? 0 : 1)
                + (fields.isExternal() ? 1 : 0) + (fields.stringCount() > 0 ? 1 : 0);
        if (places > 1) {
            throw new CorruptModelException(fields.where() + " keeps its values in more than one place (raw_data,"
                    + " a typed field, string_data or an external file); ONNX allows exactly one.");
        }
        if (fields.stringCount() > 0) {
            throw new CorruptModelException(fields.where() + " is " + OnnxDataType.name(fields.dataType())
                    + " but holds string_data.");
        }
        if (fields.rawData() != null) {
            requireSize(fields, "raw_data", fields.rawData().byteSize(), bytes);
            return new Tensor(dtype, shape, fields.rawData());
        }
        if (fields.isExternal()) {
            return new Tensor(dtype, shape, externalBytes(fields, bytes));
        }
        Tensor tensor = Tensor.allocate(dtype, shape, Arena.ofAuto());
        if (fields.typedValues().isEmpty()) {
            if (bytes != 0) {
                throw new CorruptModelException(fields.where() + " has shape " + shape + " but no values.");
            }
            return tensor;
        }
        decodedBytes += bytes;
        Limits.check(fields.where() + ": bytes decoded from typed fields so far", decodedBytes,
                limits.maxInMemoryBytes(), "maxInMemoryBytes");
        fillFromTypedFields(fields, tensor);
        return tensor;
    }

    /**
     * The values of an external tensor of any data type, checked against its dims when it has a Brine dtype (for
     * the others, the recorded length decides).
     */
    public MemorySegment externalBytes(TensorProtoFields fields) {
        long expectedBytes = OnnxDataType.toBrine(fields.dataType())
                .map(dtype -> checkedBytes(fields, shapeOf(fields).numElements(), dtype.byteSize()))
                .orElse(-1L);
        return externalBytes(fields, expectedBytes);
    }

    private MemorySegment externalBytes(TensorProtoFields fields, long expectedBytes) {
        String location = fields.external().get("location");
        if (location == null) {
            throw new CorruptModelException(fields.where() + " is stored externally but names no location.");
        }
        long offset = decimal(fields, "offset", 0);
        long length = decimal(fields, "length", expectedBytes);
        if (expectedBytes >= 0) {
            requireSize(fields, "external data length", length, expectedBytes);
        }
        if (length >= 0) {
            Limits.check(fields.where() + ": external data length", length, limits.maxTensorBytes(),
                    "maxTensorBytes");
        }
        MemorySegment bytes = external.read(location, offset, length, fields.where());
        Limits.check(fields.where() + ": external data length", bytes.byteSize(), limits.maxTensorBytes(),
                "maxTensorBytes");
        return bytes;
    }

    private Shape shapeOf(TensorProtoFields fields) {
        long count = 1;
        for (long dim : fields.dims()) {
            if (dim < 0) {
                throw new CorruptModelException(fields.where() + " has a negative dimension " + dim + ".");
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new CorruptModelException(fields.where() + ": the element count of dims "
                        + java.util.Arrays.toString(fields.dims()) + " overflows 64 bits.");
            }
        }
        return Shape.of(fields.dims());
    }

    private long checkedBytes(TensorProtoFields fields, long elements, int elementBytes) {
        if (elements > Long.MAX_VALUE / elementBytes) {
            throw new CorruptModelException(fields.where() + ": the byte size overflows 64 bits.");
        }
        long bytes = elements * elementBytes;
        Limits.check(fields.where() + ": byte size", bytes, limits.maxTensorBytes(), "maxTensorBytes");
        return bytes;
    }

    private static void requireSize(TensorProtoFields fields, String what, long actual, long expected) {
        if (actual != expected) {
            throw new CorruptModelException(fields.where() + ": " + what + " has " + actual + " bytes, but "
                    + OnnxDataType.name(fields.dataType()) + " dims " + java.util.Arrays.toString(fields.dims())
                    + " need " + expected + ".");
        }
    }

    private static long decimal(TensorProtoFields fields, String key, long absent) {
        String text = fields.external().get(key);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CorruptModelException(fields.where() + ": external data " + key + " \"" + text
                    + "\" is not a non-negative integer.");
        }
    }

    /** Decodes every typed-field occurrence in order into {@code tensor}, checking the count before each write. */
    private static void fillFromTypedFields(TensorProtoFields fields, Tensor tensor) {
        int width = tensor.dtype().byteSize();
        MemorySegment out = tensor.data();
        long capacity = tensor.numElements();
        long[] index = {0};
        for (TensorProtoFields.TypedField typed : fields.typedValues()) {
            requireFieldFits(fields, typed.field());
            ProtoReader reader = new ProtoReader(typed.encoded(), typed.offsetInFile(), fields.source());
            reader.nextField();
            int valueWidth = switch (typed.field()) {
                case TensorProtoFields.FLOAT_DATA -> 4;
                case TensorProtoFields.DOUBLE_DATA -> 8;
                default -> 0;
            };
            long count = reader.countAhead(valueWidth);
            if (count > capacity - index[0]) {
                throw new CorruptModelException(fields.where() + " has more values than its dims "
                        + java.util.Arrays.toString(fields.dims()) + " hold.");
            }
            boolean bool = tensor.dtype() == DType.BOOL;
            // Typed fields hold each value in the low bits of a wider integer (int32_data holds FLOAT16 as bits).
            java.util.function.LongConsumer store = bits -> {
                long at = index[0]++ * width;
                switch (width) {
                    case 1 -> out.set(ValueLayout.JAVA_BYTE, at, (byte) (bool ? (bits != 0 ? 1 : 0) : bits));
                    case 2 -> out.set(I16, at, (short) bits);
                    case 4 -> out.set(I32, at, (int) bits);
                    default -> out.set(I64, at, bits);
                }
            };
            if (valueWidth == 0) {
                reader.varints(store);
            } else {
                reader.fixed(valueWidth, store);
            }
        }
        if (index[0] != capacity) {
            throw new CorruptModelException(fields.where() + " has " + index[0] + " values, but its dims "
                    + java.util.Arrays.toString(fields.dims()) + " need " + capacity + ".");
        }
    }

    /** The typed field each data type is stored in (onnx.proto's comments on TensorProto). */
    private static void requireFieldFits(TensorProtoFields fields, int field) {
        int type = fields.dataType();
        boolean fits = switch (field) {
            case TensorProtoFields.FLOAT_DATA -> type == OnnxDataType.FLOAT;
            case TensorProtoFields.DOUBLE_DATA -> type == OnnxDataType.DOUBLE;
            case TensorProtoFields.INT64_DATA -> type == OnnxDataType.INT64;
            case TensorProtoFields.UINT64_DATA -> type == OnnxDataType.UINT32 || type == OnnxDataType.UINT64;
            case TensorProtoFields.INT32_DATA -> switch (type) {
                case OnnxDataType.INT32, OnnxDataType.INT16, OnnxDataType.INT8, OnnxDataType.UINT16,
                     OnnxDataType.UINT8, OnnxDataType.BOOL, OnnxDataType.FLOAT16, OnnxDataType.BFLOAT16,
                     OnnxDataType.FLOAT8E4M3FN, OnnxDataType.FLOAT8E5M2 -> true;
                default -> false;
            };
            default -> false;
        };
        if (!fits) {
            throw new CorruptModelException(fields.where() + " is " + OnnxDataType.name(type)
                    + " but stores values in field " + field + ", which ONNX reserves for other data types.");
        }
    }
}
