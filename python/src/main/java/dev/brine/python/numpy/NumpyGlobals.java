package dev.brine.python.numpy;

import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyBytes;
import dev.brine.python.pickle.PyGlobal;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The numpy globals that pickles of arrays, dtypes and scalars use (docs/python-formats.md), under both the numpy 1.x
 * ({@code numpy.core}) and numpy 2.x ({@code numpy._core}) module names.
 */
public final class NumpyGlobals {

    private static final PyGlobal NDARRAY = new PyGlobal("numpy", "ndarray");

    private NumpyGlobals() {
    }

    public static AllowList allowList() {
        AllowList.Builder builder = AllowList.builder()
                .allow("numpy", "dtype", NumpyGlobals::dtype)
                .allowValue("numpy", "ndarray")
                // RandomState objects (GradientBoosting's _rng): kept as opaque instances, never used to predict.
                .allowPlainClass("numpy.random._pickle", "__randomstate_ctor")
                .allowPlainClass("numpy.random._pickle", "__bit_generator_ctor")
                .allowPlainClass("numpy.random._pickle", "__generator_ctor")
                .allowPlainClass("numpy.random", "__RandomState_ctor");
        for (String core : List.of("numpy.core", "numpy._core")) {
            builder.allow(core + ".multiarray", "_reconstruct", NumpyGlobals::reconstruct)
                    .allow(core + ".multiarray", "scalar", NumpyGlobals::scalar)
                    .allow(core + ".numeric", "_frombuffer", NumpyGlobals::fromBuffer);
        }
        return builder.build();
    }

    /** {@code numpy.dtype(typestr, align, copy)}; the BUILD that follows sets byte order and fields. */
    private static PyValue dtype(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() < 1 || !(args.get(0) instanceof PyStr typestr)) {
            throw context.unsupported("numpy.dtype built from " + args + "; Brine reads dtypes pickled by numpy");
        }
        return NumpyDType.parse(typestr.value(), context.where());
    }

    /** {@code _reconstruct(ndarray, (0,), b'b')}: an empty array that the next BUILD fills in. */
    private static PyValue reconstruct(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() != 3 || !NDARRAY.equals(args.get(0))) {
            throw context.unsupported("numpy _reconstruct of " + (args.size() > 0 ? args.get(0) : "nothing")
                    + "; Brine reads plain numpy.ndarray objects, not subclasses");
        }
        return NdArray.unbuilt();
    }

    /** {@code scalar(dtype, payload)}: a numpy scalar, read as a 0-d array. */
    private static PyValue scalar(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() < 1 || args.size() > 2 || !(args.get(0) instanceof NumpyDType dtype)) {
            throw context.corrupt("numpy scalar arguments " + args + " are not (dtype, payload)");
        }
        if (dtype.isObject()) {
            return NdArray.ofObjects(dtype, new long[0], List.of(args.get(1)), context);
        }
        MemorySegment payload = switch (args.size() == 2 ? args.get(1) : PyBool.FALSE) {
            case PyBytes bytes -> bytes.data();
            case PyStr text -> NdArray.latin1(text.value(), context);
            default -> throw context.corrupt("numpy scalar payload " + args.get(args.size() - 1) + " is not bytes");
        };
        return NdArray.of(dtype, new long[0], false, payload, context.limits(), context.where());
    }

    /** {@code _frombuffer(buffer, dtype, shape, order)}: protocol 5 arrays, in-band or out-of-band. */
    private static PyValue fromBuffer(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() != 4 || !(args.get(0) instanceof PyBytes buffer) || !(args.get(1) instanceof NumpyDType dtype)
                || !(args.get(3) instanceof PyStr order)) {
            throw context.corrupt("numpy _frombuffer arguments " + args + " are not (buffer, dtype, shape, order)");
        }
        boolean fortran = switch (order.value()) {
            case "C" -> false;
            case "F" -> true;
            default -> throw context.corrupt("numpy _frombuffer order '" + order.value() + "'");
        };
        return NdArray.of(dtype, NumpyValues.dims(args.get(2), context), fortran, buffer.data(), context.limits(),
                context.where());
    }
}
