package dev.brine.onnx.proto;

import dev.brine.core.tensor.DType;

import java.util.Optional;

/**
 * ONNX {@code TensorProto.DataType} codes (docs/interop.md) and the Brine dtype each one maps to. Codes without a
 * Brine dtype (STRING, complex, the FNUZ float8s, 4- and 2-bit types) stay inside the graph bytes untouched.
 */
public final class OnnxDataType {
    public static final int FLOAT = 1;
    public static final int UINT8 = 2;
    public static final int INT8 = 3;
    public static final int UINT16 = 4;
    public static final int INT16 = 5;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int STRING = 8;
    public static final int BOOL = 9;
    public static final int FLOAT16 = 10;
    public static final int DOUBLE = 11;
    public static final int UINT32 = 12;
    public static final int UINT64 = 13;
    public static final int BFLOAT16 = 16;
    public static final int FLOAT8E4M3FN = 17;
    public static final int FLOAT8E5M2 = 19;

    private static final String[] NAMES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64",
        "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16",
        "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1", "FLOAT8E8M0",
        "UINT2", "INT2"};

    private OnnxDataType() {
    }

    public static Optional<DType> toBrine(int code) {
        return Optional.ofNullable(switch (code) {
            case FLOAT -> DType.F32;
            case UINT8 -> DType.U8;
            case INT8 -> DType.I8;
            case UINT16 -> DType.U16;
            case INT16 -> DType.I16;
            case INT32 -> DType.I32;
            case INT64 -> DType.I64;
            case BOOL -> DType.BOOL;
            case FLOAT16 -> DType.F16;
            case DOUBLE -> DType.F64;
            case UINT32 -> DType.U32;
            case UINT64 -> DType.U64;
            case BFLOAT16 -> DType.BF16;
            case FLOAT8E4M3FN -> DType.F8_E4M3;
            case FLOAT8E5M2 -> DType.F8_E5M2;
            default -> null;
        });
    }

    public static int fromBrine(DType dtype) {
        return switch (dtype) {
            case F32 -> FLOAT;
            case U8 -> UINT8;
            case I8 -> INT8;
            case U16 -> UINT16;
            case I16 -> INT16;
            case I32 -> INT32;
            case I64 -> INT64;
            case BOOL -> BOOL;
            case F16 -> FLOAT16;
            case F64 -> DOUBLE;
            case U32 -> UINT32;
            case U64 -> UINT64;
            case BF16 -> BFLOAT16;
            case F8_E4M3 -> FLOAT8E4M3FN;
            case F8_E5M2 -> FLOAT8E5M2;
        };
    }

    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "data type " + code;
    }
}
