package dev.brine.python.sklearn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyGlobal;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyList;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.util.List;
import java.util.Optional;

/**
 * A pickled scikit-learn object: its class and the attributes its {@code __dict__} held, read with the type each
 * must have. A missing or mistyped attribute is an {@link IncompatibleModelException} naming the estimator, the
 * attribute and what was expected, because it means the file is not what its class says (or is from a version
 * whose layout Brine does not know).
 *
 * @param where the estimator's place in the file for messages, e.g. {@code "model.pkl: Pipeline step 'clf'"}
 */
record Estimator(PyObject object, String where) {

    PyGlobal type() {
        return object.type();
    }

    /** The class name without its module, e.g. {@code RandomForestClassifier}. */
    String name() {
        return object.type().name();
    }

    boolean has(String attribute) {
        return object.attribute(attribute).filter(value -> value != PyNone.NONE).isPresent();
    }

    Optional<PyValue> get(String attribute) {
        return object.attribute(attribute).filter(value -> value != PyNone.NONE);
    }

    PyValue require(String attribute) {
        return get(attribute).orElseThrow(() -> incompatible("has no attribute " + attribute
                + "; it is not fitted, or was pickled by a scikit-learn version whose layout Brine does not know"));
    }

    /** The first of several attribute names that is present (names that changed between versions). */
    String firstPresent(String... attributes) {
        for (String attribute : attributes) {
            if (has(attribute)) return attribute;
        }
        throw incompatible("has none of the attributes " + String.join(", ", attributes)
                + "; it is not fitted, or was pickled by a scikit-learn version whose layout Brine does not know");
    }

    NdArray array(String attribute) {
        return switch (require(attribute)) {
            case NdArray array -> array;
            default -> throw mistyped(attribute, "a numpy array");
        };
    }

    Tensor tensor(String attribute) {
        return array(attribute).toTensor();
    }

    /** A numeric array or a number, as doubles (row-major). */
    double[] doubles(String attribute) {
        return switch (require(attribute)) {
            case NdArray array -> array.toTensor().toDoubleArray();
            case PyFloat value -> new double[] {value.value()};
            case PyInt value -> new double[] {value.value().doubleValue()};
            default -> throw mistyped(attribute, "a numeric array");
        };
    }

    /** A 2-D numeric array as a matrix. */
    Matrix matrix(String attribute) {
        NdArray array = array(attribute);
        long[] shape = array.shape();
        if (shape.length != 2) {
            throw mistyped(attribute, "a 2-D array (it has shape " + java.util.Arrays.toString(shape) + ")");
        }
        return new Matrix(Math.toIntExact(shape[0]), Math.toIntExact(shape[1]), array.toTensor().toDoubleArray());
    }

    double number(String attribute) {
        return number(require(attribute), attribute);
    }

    double number(String attribute, double fallback) {
        return has(attribute) ? number(attribute) : fallback;
    }

    double number(PyValue value, String attribute) {
        return switch (value) {
            case PyFloat number -> number.value();
            case PyInt number -> number.value().doubleValue();
            case PyBool flag -> flag.value() ? 1 : 0;
            case NdArray array when array.numElements() == 1 && !array.isObjectArray() ->
                    array.toTensor().toDoubleArray()[0];
            default -> throw mistyped(attribute, "a number");
        };
    }

    long integer(String attribute) {
        double value = number(attribute);
        if (value != Math.rint(value) || Math.abs(value) > 1L << 53) {
            throw mistyped(attribute, "an integer");
        }
        return (long) value;
    }

    long integer(String attribute, long fallback) {
        return has(attribute) ? integer(attribute) : fallback;
    }

    boolean bool(String attribute, boolean fallback) {
        return switch (get(attribute).orElse(PyBool.of(fallback))) {
            case PyBool flag -> flag.value();
            case PyInt number -> number.value().signum() != 0;
            case NdArray array when array.numElements() == 1 -> array.toTensor().toDoubleArray()[0] != 0;
            default -> throw mistyped(attribute, "a bool");
        };
    }

    String string(String attribute) {
        return switch (require(attribute)) {
            case PyStr text -> text.value();
            default -> throw mistyped(attribute, "a string");
        };
    }

    Optional<String> optionalString(String attribute) {
        return get(attribute).map(value -> value instanceof PyStr text ? text.value() : null);
    }

    String string(String attribute, String fallback) {
        return has(attribute) ? string(attribute) : fallback;
    }

    /** A list or tuple attribute's items. */
    List<PyValue> items(String attribute) {
        return items(require(attribute), attribute);
    }

    List<PyValue> items(PyValue value, String attribute) {
        return switch (value) {
            case PyList list -> list.items();
            case PyTuple tuple -> tuple.items();
            case NdArray array when array.isObjectArray() -> array.objects();
            default -> throw mistyped(attribute, "a list");
        };
    }

    /** {@code feature_names_in_} (set when fitted on a DataFrame, scikit-learn 1.0+), else an empty list. */
    List<String> featureNames() {
        return has("feature_names_in_") ? array("feature_names_in_").toStrings() : List.of();
    }

    /** {@code n_features_in_} (scikit-learn 0.24+), if present. */
    Optional<Integer> featureCount() {
        return has("n_features_in_") ? Optional.of(Math.toIntExact(integer("n_features_in_"))) : Optional.empty();
    }

    /** {@code classes_} as Brine class labels. */
    List<String> classLabels() {
        return ClassLabels.of(require("classes_"), this);
    }

    IncompatibleModelException incompatible(String problem) {
        return new IncompatibleModelException(where + ": " + name() + " " + problem + ".");
    }

    IncompatibleModelException mistyped(String attribute, String expected) {
        return incompatible("attribute " + attribute + " is " + require(attribute).typeName() + ", expected "
                + expected);
    }

    UnsupportedModelException unsupported(String problem) {
        return new UnsupportedModelException(where + ": " + name() + " " + problem + ".");
    }
}
