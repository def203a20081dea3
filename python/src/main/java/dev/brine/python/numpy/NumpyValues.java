package dev.brine.python.numpy;

import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

/** Reading the small Python values numpy's pickles carry (shapes, flags). */
final class NumpyValues {

    private NumpyValues() {
    }

    /** A shape tuple: non-negative ints, rank within the limits. */
    static long[] dims(PyValue value, PickleContext context) {
        if (!(value instanceof PyTuple tuple)) {
            throw context.corrupt("numpy shape " + value + " is not a tuple");
        }
        if (tuple.size() > context.limits().maxRank()) {
            throw context.corrupt("numpy shape of rank " + tuple.size() + " exceeds maxRank "
                    + context.limits().maxRank());
        }
        long[] dims = new long[tuple.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(tuple.get(i) instanceof PyInt dim) || !dim.fitsLong() || dim.value().signum() < 0) {
                throw context.corrupt("numpy shape " + tuple + " has a dimension that is not a non-negative int");
            }
            dims[i] = dim.longValue();
        }
        return dims;
    }

    /** The element count of {@code dims}, refusing overflow. */
    static long count(long[] dims, PickleContext context) {
        long count = 1;
        for (long dim : dims) {
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw context.corrupt("numpy shape element count overflows 64 bits");
            }
        }
        return count;
    }
}
