package dev.brine.models.encoding;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.Signature;
import dev.brine.models.data.Column;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.preprocessing.Categories;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.TabularInput;
import dev.brine.models.tabular.Transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each input column replaced by the position of its value among the column's known categories, as scikit-learn's
 * {@code OrdinalEncoder} (and, on one column, {@code LabelEncoder}). A value not seen when fitting is an error or
 * {@code unknownValue}; a missing value (NaN, empty text) is {@code missingValue} for columns that had missing values
 * when fitted, and unknown otherwise. Vocabularies live in the configuration JSON. Inference only.
 */
public final class OrdinalEncoder implements Transformer {

    public static final String TYPE = "ordinal_encoder";

    private final List<Categories> categories;
    private final boolean errorOnUnknown;
    private final double unknownValue;
    private final boolean[] missingKnown;
    private final double missingValue;
    private final List<String> featureNames;

    /**
     * @param errorOnUnknown whether an unknown value is an error (else it becomes {@code unknownValue}, NaN allowed)
     * @param missingKnown   per column, whether missing values were a category when fitting
     * @param missingValue   the code of a missing value in those columns (NaN allowed)
     */
    public OrdinalEncoder(List<Categories> categories, boolean errorOnUnknown, double unknownValue,
                          boolean[] missingKnown, double missingValue, List<String> featureNames) {
        if (missingKnown.length != categories.size()) {
            throw new IllegalArgumentException(missingKnown.length + " missing-value flags for " + categories.size()
                    + " columns");
        }
        this.categories = List.copyOf(categories);
        this.errorOnUnknown = errorOnUnknown;
        this.unknownValue = unknownValue;
        this.missingKnown = missingKnown.clone();
        this.missingValue = missingValue;
        this.featureNames = List.copyOf(featureNames);
    }

    @Override
    public Matrix transform(Table input) {
        Table selected = TabularInput.select(input, featureNames, categories.size(), TYPE);
        Matrix out = Matrix.zeros(selected.rowCount(), categories.size());
        for (int j = 0; j < categories.size(); j++) {
            Column column = selected.column(j);
            for (int r = 0; r < selected.rowCount(); r++) {
                out.set(r, j, code(j, column, r));
            }
        }
        return out;
    }

    private double code(int j, Column column, int row) {
        if (missingKnown[j] && isMissing(column, row)) {
            return missingValue;
        }
        int index = categories.get(j).indexOf(column, row);
        if (index >= 0) {
            return index;
        }
        if (errorOnUnknown) {
            throw new IncompatibleModelException(TYPE + ": column \"" + column.name() + "\" row " + (row + 1)
                    + " holds " + categories.get(j).describe(column, row) + ", a category not seen when fitting");
        }
        return unknownValue;
    }

    private static boolean isMissing(Column column, int row) {
        return switch (column) {
            case Column.Numeric numeric -> Double.isNaN(numeric.values()[row]);
            case Column.Text text -> text.values()[row] == null;
        };
    }

    @Override
    public Matrix transform(Matrix input) {
        input.requireColumns(categories.size(), TYPE);
        return transform(Table.of(input, featureNames));
    }

    @Override
    public Table exampleRow() {
        return Categories.exampleRow(categories, featureNames);
    }

    @Override
    public int outputWidth() {
        return categories.size();
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** A missing value is a category, an unknown value or an error, as the encoder was fitted to decide. */
    @Override
    public boolean acceptsMissing(int feature) {
        return true;
    }

    @Override
    public int featureCount() {
        return categories.size();
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public ModelSnapshot snapshot() {
        List<Json> missing = new ArrayList<>();
        for (boolean known : missingKnown) missing.add(Json.of(known));
        Json.JsonObject config = Json.object()
                .put("categories", Json.array(categories.stream().map(Categories::toJson).toList()))
                .put("handle_unknown", errorOnUnknown ? "error" : "use_encoded_value")
                .put("unknown_value", number(unknownValue))
                .put("missing_known", Json.array(missing))
                .put("encoded_missing_value", number(missingValue))
                .build();
        return new ModelSnapshot(TYPE, config, List.of(), signature(), List.of(), Optional.empty());
    }

    /** JSON has no NaN: it is written as the text "nan". */
    private static Json number(double value) {
        return Double.isNaN(value) ? Json.of("nan") : Json.of(value);
    }

    private static double number(Json json) {
        return switch (json) {
            case Json.JsonString text when text.value().equals("nan") -> Double.NaN;
            case Json.JsonNumber value -> value.doubleValue();
            default -> throw new IllegalArgumentException("expected a number or \"nan\", got " + json);
        };
    }

    static OrdinalEncoder restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        return reader.config(config -> {
            List<Categories> categories = new ArrayList<>();
            for (Json item : config.getArray("categories").items()) {
                categories.add(Categories.fromJson((Json.JsonObject) item));
            }
            Json.JsonArray missing = config.getArray("missing_known");
            boolean[] missingKnown = new boolean[missing.size()];
            for (int i = 0; i < missingKnown.length; i++) missingKnown[i] = ((Json.JsonBool) missing.get(i)).value();
            String unknown = config.getString("handle_unknown");
            if (!unknown.equals("error") && !unknown.equals("use_encoded_value")) {
                throw new IllegalArgumentException("handle_unknown must be error or use_encoded_value");
            }
            return new OrdinalEncoder(categories, unknown.equals("error"), number(config.get("unknown_value")),
                    missingKnown, number(config.get("encoded_missing_value")), snapshot.signature().featureNames());
        });
    }
}
