package dev.brine.python.sklearn;

import dev.brine.models.encoding.OrdinalEncoder;
import dev.brine.models.preprocessing.Categories;
import dev.brine.models.preprocessing.OneHotEncoder;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;

/**
 * OneHotEncoder, OrdinalEncoder and LabelEncoder: {@code categories_} (one array per column; {@code classes_} for the
 * label encoder) as Brine {@link Categories}, numbers or text. A trailing NaN or None category (missing values seen
 * when fitting, scikit-learn 1.1+) is kept apart as the column's missing-value category.
 */
final class EncoderConverters {

    private EncoderConverters() {
    }

    /** One column's categories, and whether missing values were one of them. */
    private record Column(Categories categories, boolean missing) {
    }

    static TabularModel oneHot(Estimator estimator, Conversion conversion) {
        return oneHot(estimator, (Estimator) null);
    }

    /**
     * A OneHotEncoder, and where its indicators go per column: a dropped category ({@code drop_idx_}) nowhere,
     * infrequent categories ({@code _infrequent_indices}, 1.1+) into one last column that unknown values join
     * under {@code handle_unknown="infrequent_if_exist"}, a missing-value category (1.1+) into its own column, and —
     * when a text SimpleImputer stands in front ({@code imputer}, its {@code statistics_}) — missing values into
     * the fill value's column, as the imputer would have filled them.
     */
    static TabularModel oneHot(Estimator estimator, Estimator imputer) {
        List<PyValue> arrays = estimator.items("categories_");
        if (imputer != null && (imputer.bool("add_indicator", false) || !(imputer.require("missing_values")
                instanceof PyFloat marker && Double.isNaN(marker.value())))) {
            throw imputer.unsupported("imputes text with missing_values=" + imputer.require("missing_values")
                    + (imputer.bool("add_indicator", false) ? " and indicator columns" : "") + "; Brine imputes NaN "
                    + "(a missing cell) in front of a one-hot encoder");
        }
        List<PyValue> fill = imputer == null ? null : imputer.array("statistics_").objects();
        if (fill != null && fill.size() != arrays.size()) {
            throw estimator.incompatible("follows an imputer of " + fill.size() + " columns with " + arrays.size());
        }
        boolean infrequent = estimator.bool("_infrequent_enabled", false);
        List<PyValue> infrequentLists = infrequent ? estimator.items("_infrequent_indices") : null;
        List<PyValue> dropped = dropIndices(estimator, arrays.size());
        if (infrequent && dropped.stream().anyMatch(index -> index != PyNone.NONE)) {
            throw estimator.unsupported("both drops a category and groups infrequent ones");
        }
        String handleUnknown = estimator.string("handle_unknown", "error");
        OneHotEncoder.UnknownCategories unknown = switch (handleUnknown) {
            case "error" -> OneHotEncoder.UnknownCategories.ERROR;
            case "ignore", "infrequent_if_exist", "warn" -> OneHotEncoder.UnknownCategories.IGNORE;
            default -> throw estimator.unsupported("has handle_unknown '" + handleUnknown + "'");
        };
        List<Categories> categories = new ArrayList<>();
        List<OneHotEncoder.Block> blocks = new ArrayList<>();
        for (int j = 0; j < arrays.size(); j++) {
            List<Object> all = keys(estimator, arrays.get(j));
            Column column = column(estimator, arrays.get(j));
            categories.add(column.categories());
            boolean[] rare = new boolean[all.size()];
            if (infrequent && infrequentLists.get(j) != PyNone.NONE) {
                for (double index : indices(estimator, infrequentLists.get(j))) {
                    if (index < 0 || index >= rare.length || index != Math.rint(index)) {
                        throw estimator.mistyped("_infrequent_indices", "positions among the column's categories");
                    }
                    rare[(int) index] = true;
                }
            }
            boolean anyRare = java.util.stream.IntStream.range(0, rare.length).anyMatch(i -> rare[i]);
            int drop = dropped.get(j) == PyNone.NONE ? -1 : (int) estimator.number(dropped.get(j), "drop_idx_");
            // Output column of each of categories_[j] (the missing-value category last, as scikit-learn sorts it).
            int[] place = new int[all.size()];
            int width = 0;
            for (int i = 0; i < all.size(); i++) {
                place[i] = rare[i] || i == drop ? OneHotEncoder.NONE : width++;
            }
            int rareColumn = OneHotEncoder.NONE;
            if (anyRare) {
                rareColumn = width++;
                for (int i = 0; i < all.size(); i++) if (rare[i]) place[i] = rareColumn;
            }
            int known = column.categories().size();
            int missing = column.missing() ? place[known] : OneHotEncoder.NONE;
            if (fill != null) {
                int filled = all.indexOf(key(estimator, fill.get(j)));
                missing = filled >= 0 ? place[filled] : handleUnknown.equals("infrequent_if_exist") ? rareColumn
                        : OneHotEncoder.NONE;
            }
            int unknownColumn = handleUnknown.equals("infrequent_if_exist") ? rareColumn : OneHotEncoder.NONE;
            blocks.add(new OneHotEncoder.Block(java.util.Arrays.copyOf(place, known), missing, unknownColumn, width));
        }
        return OneHotEncoder.of(categories, blocks, unknown, featureNames(estimator, imputer));
    }

    /** One column's {@code _infrequent_indices} (positions in its {@code categories_}), checked. */
    private static double[] indices(Estimator estimator, PyValue value) {
        if (!(value instanceof NdArray array) || array.isObjectArray()) {
            throw estimator.mistyped("_infrequent_indices", "an index array per column, or None");
        }
        return array.toTensor().toDoubleArray();
    }

    /** {@code drop_idx_}: None, or per column an index or None. */
    private static List<PyValue> dropIndices(Estimator estimator, int columns) {
        if (!estimator.has("drop_idx_")) {
            return java.util.Collections.nCopies(columns, PyNone.NONE);
        }
        NdArray drop = estimator.array("drop_idx_");
        List<PyValue> out = new ArrayList<>();
        if (drop.isObjectArray()) {
            out.addAll(drop.objects());
        } else {
            for (double index : drop.toTensor().toDoubleArray()) out.add(new PyFloat(index));
        }
        if (out.size() != columns) {
            throw estimator.mistyped("drop_idx_", "one entry per column");
        }
        return out;
    }

    /** The imputer's input names when it is the first of the pair (the encoder's are the same columns). */
    private static List<String> featureNames(Estimator encoder, Estimator imputer) {
        return imputer != null && encoder.featureNames().isEmpty() ? imputer.featureNames() : encoder.featureNames();
    }

    /** Category values as comparable keys: text as String, numbers as Double, missing values as one NaN key. */
    private static List<Object> keys(Estimator estimator, PyValue array) {
        if (!(array instanceof NdArray values)) {
            throw estimator.mistyped("categories_", "numpy arrays");
        }
        if (values.isObjectArray()) {
            return values.objects().stream().map(value -> key(estimator, value)).toList();
        }
        if (values.dtype().kind() == 'U' || values.dtype().kind() == 'S') {
            return new ArrayList<>(values.toStrings());
        }
        List<Object> out = new ArrayList<>();
        for (double number : values.toTensor().toDoubleArray()) out.add(Double.isNaN(number) ? Double.NaN : number);
        return out;
    }

    private static Object key(Estimator estimator, PyValue value) {
        return switch (value) {
            case PyStr text -> text.value();
            case PyFloat number -> Double.isNaN(number.value()) ? Double.NaN : number.value();
            case PyInt number -> number.value().doubleValue();
            case PyBool flag -> flag.value() ? 1.0 : 0.0;
            case PyNone none -> Double.NaN;
            default -> throw estimator.unsupported("has a category of Python type " + value.typeName());
        };
    }

    static TabularModel ordinal(Estimator estimator, Conversion conversion) {
        List<Column> columns = columns(estimator, estimator.items("categories_"));
        String unknown = estimator.string("handle_unknown", "error");
        if (!unknown.equals("error") && !unknown.equals("use_encoded_value")) {
            throw estimator.unsupported("has handle_unknown '" + unknown + "'");
        }
        double unknownValue = unknown.equals("error") ? Double.NaN : estimator.number("unknown_value",
                Double.NaN);
        return encoder(columns, unknown.equals("error"), unknownValue,
                estimator.number("encoded_missing_value", Double.NaN), estimator.featureNames());
    }

    /** LabelEncoder: one column, its {@code classes_}, unknown labels refused. */
    static TabularModel label(Estimator estimator, Conversion conversion) {
        return encoder(List.of(column(estimator, estimator.require("classes_"))), true, Double.NaN, Double.NaN,
                List.of());
    }

    private static TabularModel encoder(List<Column> columns, boolean errorOnUnknown, double unknownValue,
                                        double missingValue, List<String> featureNames) {
        boolean[] missing = new boolean[columns.size()];
        for (int i = 0; i < missing.length; i++) missing[i] = columns.get(i).missing();
        return new OrdinalEncoder(columns.stream().map(Column::categories).toList(), errorOnUnknown, unknownValue,
                missing, missingValue, featureNames);
    }

    private static List<Column> columns(Estimator estimator, List<PyValue> arrays) {
        return arrays.stream().map(array -> column(estimator, array)).toList();
    }

    private static Column column(Estimator estimator, PyValue value) {
        if (!(value instanceof NdArray array)) {
            throw estimator.mistyped("categories_", "numpy arrays");
        }
        List<PyValue> items;
        if (array.isObjectArray()) {
            items = new ArrayList<>(array.objects());
        } else if (array.dtype().kind() == 'U' || array.dtype().kind() == 'S') {
            items = new ArrayList<>(array.toStrings().stream().map(text -> (PyValue) new PyStr(text)).toList());
        } else {
            items = new ArrayList<>();
            for (double number : array.toTensor().toDoubleArray()) items.add(new PyFloat(number));
        }
        boolean missing = !items.isEmpty() && isMissing(items.getLast());
        if (missing) {
            items.removeLast();
        }
        try {
            if (items.stream().allMatch(item -> item instanceof PyStr)) {
                return new Column(new Categories.Texts(items.stream().map(item -> ((PyStr) item).value()).toList()),
                        missing);
            }
            double[] numbers = new double[items.size()];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = switch (items.get(i)) {
                    case PyFloat number -> number.value();
                    case PyInt number -> number.value().doubleValue();
                    case PyBool flag -> flag.value() ? 1 : 0;
                    default -> throw estimator.unsupported("has a category of Python type "
                            + items.get(i).typeName() + " among others; Brine reads all-text or all-number ones");
                };
            }
            return new Column(new Categories.Numbers(numbers), missing);
        } catch (IllegalArgumentException e) {
            throw estimator.unsupported("has categories that are not sorted and distinct as Brine compares them ("
                    + e.getMessage() + ")");
        }
    }

    private static boolean isMissing(PyValue item) {
        return item == PyNone.NONE || item instanceof PyFloat number && Double.isNaN(number.value());
    }
}
