package dev.brine.models.preprocessing;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.Signature;
import dev.brine.models.data.Column;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.TabularInput;
import dev.brine.models.tabular.TransformerSpec;
import dev.brine.models.tabular.Transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One indicator column per known category of each input column, as scikit-learn's {@code OneHotEncoder}
 * ({@code drop=None}, dense output). Categories are sorted (numbers numerically, text lexicographically). A value not
 * seen when fitting, or a missing one, is an error ({@code handle_unknown="error"}) or all zeros ({@code "ignore"}).
 * The vocabularies live in the configuration JSON; text columns need table input.
 */
public final class OneHotEncoder implements Transformer {

    public static final String TYPE = "one_hot_encoder";

    public enum UnknownCategories { ERROR, IGNORE }

    private final List<Categories> categories;
    private final UnknownCategories handleUnknown;
    private final List<String> featureNames;
    private final int outputWidth;

    private OneHotEncoder(List<Categories> categories, UnknownCategories handleUnknown, List<String> featureNames) {
        this.categories = List.copyOf(categories);
        this.handleUnknown = handleUnknown;
        this.featureNames = List.copyOf(featureNames);
        this.outputWidth = categories.stream().mapToInt(Categories::size).sum();
    }

    /** An encoder with given vocabularies, one per input column (e.g. scikit-learn's {@code categories_}). */
    public static OneHotEncoder of(List<Categories> categories, UnknownCategories handleUnknown,
                                   List<String> featureNames) {
        return new OneHotEncoder(categories, handleUnknown, featureNames);
    }

    public static TransformerSpec spec(UnknownCategories handleUnknown) {
        return x -> fit(x, handleUnknown);
    }

    public static OneHotEncoder fit(Table x, UnknownCategories handleUnknown) {
        List<Categories> categories = new ArrayList<>();
        for (Column column : x.columns()) {
            categories.add(Categories.of(column));
        }
        return new OneHotEncoder(categories, handleUnknown, x.names());
    }

    @Override
    public Matrix transform(Table input) {
        Table selected = TabularInput.select(input, featureNames, categories.size(), TYPE);
        Matrix out = Matrix.zeros(selected.rowCount(), outputWidth);
        int offset = 0;
        for (int j = 0; j < categories.size(); j++) {
            Categories known = categories.get(j);
            Column column = selected.column(j);
            for (int r = 0; r < selected.rowCount(); r++) {
                int index = known.indexOf(column, r);
                if (index >= 0) {
                    out.set(r, offset + index, 1.0);
                } else if (handleUnknown == UnknownCategories.ERROR) {
                    throw new IncompatibleModelException("one_hot_encoder: column \"" + column.name() + "\" row "
                            + (r + 1) + " holds " + known.describe(column, r) + ", a category not seen when fitting; "
                            + "refit, or use handle_unknown=ignore to encode it as all zeros");
                }
            }
            offset += known.size();
        }
        return out;
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
        return outputWidth;
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
        Json.JsonObject config = Json.object()
                .put("handle_unknown", handleUnknown.name().toLowerCase(Locale.ROOT))
                .put("categories", Json.array(categories.stream().map(Categories::toJson).toList()))
                .build();
        return new ModelSnapshot(TYPE, config, List.of(), signature(), List.of(), Optional.empty());
    }

    static OneHotEncoder restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        return reader.config(config -> {
            List<Categories> categories = new ArrayList<>();
            for (Json item : config.getArray("categories").items()) {
                categories.add(Categories.fromJson((Json.JsonObject) item));
            }
            UnknownCategories handleUnknown = UnknownCategories.valueOf(
                    config.getString("handle_unknown").toUpperCase(Locale.ROOT));
            return new OneHotEncoder(categories, handleUnknown, snapshot.signature().featureNames());
        });
    }
}
