package dev.brine.server;

import dev.brine.core.tensor.DType;

import java.util.Arrays;
import java.util.Optional;

/**
 * Tensor datatypes of the Open Inference Protocol and the Brine dtype each one carries. {@code BYTES} holds byte
 * strings, which no Brine dtype does; Brine models take numbers, so a BYTES input is read and then refused.
 */
enum Datatype {
    BOOL(DType.BOOL),
    UINT8(DType.U8),
    UINT16(DType.U16),
    UINT32(DType.U32),
    UINT64(DType.U64),
    INT8(DType.I8),
    INT16(DType.I16),
    INT32(DType.I32),
    INT64(DType.I64),
    FP16(DType.F16),
    BF16(DType.BF16),
    FP32(DType.F32),
    FP64(DType.F64),
    BYTES(null);

    private final DType dtype;

    Datatype(DType dtype) {
        this.dtype = dtype;
    }

    Optional<DType> dtype() {
        return Optional.ofNullable(dtype);
    }

    /** The datatype named in a request; {@code input} names the tensor for the error message. */
    static Datatype parse(String name, String input) {
        for (Datatype datatype : values()) {
            if (datatype.name().equals(name)) {
                return datatype;
            }
        }
        throw HttpError.badRequest("input '" + input + "': unknown datatype \"" + name + "\"; the protocol's"
                + " datatypes are " + Arrays.toString(values()));
    }

    /**
     * The datatype that carries a Brine dtype. FP8 has no protocol datatype: such tensors are sent as FP32, which
     * holds every FP8 value exactly.
     */
    static Datatype of(DType dtype) {
        for (Datatype datatype : values()) {
            if (datatype.dtype == dtype) {
                return datatype;
            }
        }
        return FP32;
    }
}
