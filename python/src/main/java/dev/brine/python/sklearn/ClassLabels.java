package dev.brine.python.sklearn;

import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;

/**
 * scikit-learn's {@code classes_} (ints, floats, bools or text) as Brine's class labels, which are text: integers in
 * decimal, integral floats without a needless ".0" (as Brine's own classifiers label numeric targets), text as it is.
 */
final class ClassLabels {

    private ClassLabels() {
    }

    static List<String> of(PyValue classes, Estimator owner) {
        if (!(classes instanceof NdArray array)) {
            return owner.items(classes, "classes_").stream().map(item -> label(item, owner)).toList();
        }
        if (array.isObjectArray()) {
            return array.objects().stream().map(item -> label(item, owner)).toList();
        }
        return switch (array.dtype().kind()) {
            case 'U', 'S' -> array.toStrings();
            case 'b' -> bools(array.toTensor().toLongArray());
            case 'i', 'u' -> java.util.Arrays.stream(array.toTensor().toLongArray()).mapToObj(Long::toString).toList();
            case 'f' -> java.util.Arrays.stream(array.toTensor().toDoubleArray()).mapToObj(ClassLabels::number)
                    .toList();
            default -> throw owner.unsupported("has class labels of numpy dtype " + array.dtype().str());
        };
    }

    private static List<String> bools(long[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (long value : values) out.add(value != 0 ? "True" : "False");
        return out;
    }

    private static String label(PyValue item, Estimator owner) {
        return switch (item) {
            case PyStr text -> text.value();
            case PyBool flag -> flag.value() ? "True" : "False";
            case PyInt number -> number.value().toString();
            case PyFloat number -> number(number.value());
            case NdArray scalar when scalar.numElements() == 1 && !scalar.isObjectArray() ->
                    of(scalar, owner).getFirst();
            default -> throw owner.unsupported("has a class label of Python type " + item.typeName());
        };
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
