package dev.brine.python.joblib;

import dev.brine.core.CorruptModelException;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.numpy.NumpyDType;
import dev.brine.python.pickle.Buildable;
import dev.brine.python.pickle.HostValue;
import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * joblib's {@code NumpyArrayWrapper}: its BUILD state describes an array whose bytes follow in the stream (after an
 * optional alignment padding), or, for object arrays, a complete nested pickle. BUILD reads them and returns the
 * array in the wrapper's place, as joblib's unpickler does (docs/python-formats.md).
 */
final class ArrayWrapper implements HostValue, Buildable {

    @Override
    public PyValue build(PyValue state, PickleContext context) {
        if (!(state instanceof PyDict fields)) {
            throw context.corrupt("joblib array wrapper state is a " + state.typeName() + ", not a dict");
        }
        NumpyDType dtype = fields.get("dtype").filter(NumpyDType.class::isInstance).map(NumpyDType.class::cast)
                .orElseThrow(() -> context.corrupt("joblib array wrapper has no numpy dtype"));
        if (dtype.isObject()) {
            return context.loadNestedPickle();
        }
        long[] shape = shape(fields.get("shape").orElse(PyNone.NONE), context);
        boolean fortran = switch (fields.get("order").orElse(new PyStr("C"))) {
            case PyStr order when order.value().equals("C") -> false;
            case PyStr order when order.value().equals("F") -> true;
            default -> throw context.corrupt("joblib array order " + fields.get("order").orElseThrow());
        };
        PyValue alignment = fields.get("numpy_array_alignment_bytes").orElse(PyNone.NONE);
        if (alignment instanceof PyInt alignmentBytes) {
            int padding = context.readRawBytes(1).get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
            if (!alignmentBytes.fitsLong() || padding < 1 || padding > alignmentBytes.longValue()) {
                throw context.corrupt("joblib alignment padding of " + padding + " bytes for alignment "
                        + alignmentBytes);
            }
            context.readRawBytes(padding);
        } else if (alignment != PyNone.NONE) {
            throw context.corrupt("joblib alignment " + alignment + " is not an int or None");
        }
        long bytes;
        try {
            long count = 1;
            for (long dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
            bytes = Math.multiplyExact(count, dtype.itemSize());
        } catch (ArithmeticException e) {
            throw context.corrupt("joblib array shape overflows");
        }
        dev.brine.core.Limits.check(context.where() + ": joblib array bytes", bytes,
                context.limits().maxTensorBytes(), "maxTensorBytes");
        MemorySegment data = context.readRawBytes(bytes);
        return NdArray.of(dtype, shape, fortran, data, context.limits(), context.where());
    }

    private static long[] shape(PyValue value, PickleContext context) {
        if (!(value instanceof PyTuple tuple) || tuple.size() > context.limits().maxRank()) {
            throw context.corrupt("joblib array shape " + value);
        }
        long[] dims = new long[tuple.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(tuple.get(i) instanceof PyInt dim) || !dim.fitsLong() || dim.value().signum() < 0) {
                throw new CorruptModelException(context.where() + ": joblib array shape " + tuple
                        + " is not non-negative ints.");
            }
            dims[i] = dim.longValue();
        }
        return dims;
    }

    @Override
    public String typeName() {
        return "joblib.numpy_pickle.NumpyArrayWrapper";
    }
}
