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
        if (estimator.has("drop_idx_") && !(estimator.require("drop_idx_") instanceof NdArray drop
                && drop.isObjectArray() && drop.objects().stream().allMatch(v -> v == PyNone.NONE))) {
            throw estimator.unsupported("drops a category per column (drop=...); Brine encodes every category");
        }
        if (estimator.bool("_infrequent_enabled", false)) {
            throw estimator.unsupported("groups infrequent categories (min_frequency / max_categories)");
        }
        List<Categories> categories = new ArrayList<>();
        for (Column column : columns(estimator, estimator.items("categories_"))) {
            if (column.missing()) {
                throw estimator.unsupported("has missing values as a category; Brine's one-hot encoder treats them "
                        + "as unknown");
            }
            categories.add(column.categories());
        }
        OneHotEncoder.UnknownCategories unknown = switch (estimator.string("handle_unknown", "error")) {
            case "error" -> OneHotEncoder.UnknownCategories.ERROR;
            case "ignore", "infrequent_if_exist" -> OneHotEncoder.UnknownCategories.IGNORE;
            default -> throw estimator.unsupported("has handle_unknown '" + estimator.string("handle_unknown") + "'");
        };
        return OneHotEncoder.of(categories, unknown, estimator.featureNames());
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
