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
 * One indicator column per known category of each input column, as scikit-learn's {@code OneHotEncoder} (dense
 * output). Categories are sorted (numbers numerically, text lexicographically). A value not seen when fitting, or a
 * missing one, is an error ({@code handle_unknown="error"}) or all zeros ({@code "ignore"}). A {@link Block} per
 * column can lay the indicators out otherwise: a dropped category (all zeros), infrequent categories sharing one
 * column that unknown values join ({@code "infrequent_if_exist"}), missing values as a category of their own or
 * as a known category (the fill value of an imputer in front). The vocabularies and blocks live in the
 * configuration JSON; text columns need table input.
 */
public final class OneHotEncoder implements Transformer {

    public static final String TYPE = "one_hot_encoder";

    public enum UnknownCategories { ERROR, IGNORE }

    /** Output column offset meaning "no column": all zeros in the block, without an error. */
    public static final int NONE = -1;

    /**
     * Where one input column's values go in its block of {@code width} output columns: known category {@code i} to
     * {@code outputs[i]}, a missing value to {@code missing}, a value never seen when fitting to {@code unknown}.
     * {@link #NONE} means all zeros, except that an unknown value (and a missing one sent to {@code NONE}) with
     * nowhere to go is an error under {@code handle_unknown="error"}.
     */
    public record Block(int[] outputs, int missing, int unknown, int width) {
        public Block {
            outputs = outputs.clone();
            for (int output : outputs) checkColumn(output, width);
            checkColumn(missing, width);
            checkColumn(unknown, width);
        }

        /** Category {@code i} in column {@code i}, missing values treated as unknown ones. */
        public static Block plain(int categories) {
            int[] outputs = new int[categories];
            for (int i = 0; i < categories; i++) outputs[i] = i;
            return new Block(outputs, NONE, NONE, categories);
        }

        private static void checkColumn(int column, int width) {
            if (column < NONE || column >= width) {
                throw new IllegalArgumentException("one-hot output column " + column + " outside a block of " + width);
            }
        }

        boolean isPlain() {
            return equals(plain(outputs.length));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Block block && java.util.Arrays.equals(outputs, block.outputs)
                    && missing == block.missing && unknown == block.unknown && width == block.width;
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(outputs) * 31 + java.util.Objects.hash(missing, unknown, width);
        }

        @Override
        public String toString() {
            return "Block" + java.util.Arrays.toString(outputs) + " missing " + missing + " unknown " + unknown
                    + " width " + width;
        }

        Json.JsonObject toJson() {
            List<Json> items = new ArrayList<>();
            for (int output : outputs) items.add(Json.of(output));
            return Json.object().put("outputs", Json.array(items)).put("missing", missing).put("unknown", unknown)
                    .put("width", width).build();
        }

        static Block fromJson(Json.JsonObject json) {
            long[] items = json.getArray("outputs").toLongArray();
            int[] outputs = new int[items.length];
            for (int i = 0; i < outputs.length; i++) outputs[i] = Math.toIntExact(items[i]);
            return new Block(outputs, Math.toIntExact(json.getLong("missing")), Math.toIntExact(json.getLong("unknown")),
                    Math.toIntExact(json.getLong("width")));
        }
    }

    private final List<Categories> categories;
    private final List<Block> blocks;
    private final UnknownCategories handleUnknown;
    private final List<String> featureNames;
    private final int outputWidth;

    private OneHotEncoder(List<Categories> categories, List<Block> blocks, UnknownCategories handleUnknown,
                          List<String> featureNames) {
        if (blocks.size() != categories.size()) {
            throw new IllegalArgumentException(blocks.size() + " one-hot blocks for " + categories.size() + " columns");
        }
        for (int j = 0; j < blocks.size(); j++) {
            if (blocks.get(j).outputs().length != categories.get(j).size()) {
                throw new IllegalArgumentException("one-hot block " + j + " places " + blocks.get(j).outputs().length
                        + " categories of " + categories.get(j).size());
            }
        }
        this.categories = List.copyOf(categories);
        this.blocks = List.copyOf(blocks);
        this.handleUnknown = handleUnknown;
        this.featureNames = List.copyOf(featureNames);
        this.outputWidth = blocks.stream().mapToInt(Block::width).sum();
    }

    /** An encoder with given vocabularies, one per input column (e.g. scikit-learn's {@code categories_}). */
    public static OneHotEncoder of(List<Categories> categories, UnknownCategories handleUnknown,
                                   List<String> featureNames) {
        return new OneHotEncoder(categories, categories.stream().map(known -> Block.plain(known.size())).toList(),
                handleUnknown, featureNames);
    }

    /** An encoder whose columns lay their indicators out as {@code blocks} say, one per input column. */
    public static OneHotEncoder of(List<Categories> categories, List<Block> blocks, UnknownCategories handleUnknown,
                                   List<String> featureNames) {
        return new OneHotEncoder(categories, blocks, handleUnknown, featureNames);
    }

    public static TransformerSpec spec(UnknownCategories handleUnknown) {
        return x -> fit(x, handleUnknown);
    }

    public static OneHotEncoder fit(Table x, UnknownCategories handleUnknown) {
        List<Categories> categories = new ArrayList<>();
        for (Column column : x.columns()) {
            categories.add(Categories.of(column));
        }
        return of(categories, handleUnknown, x.names());
    }

    @Override
    public Matrix transform(Table input) {
        Table selected = TabularInput.select(input, featureNames, categories.size(), TYPE);
        Matrix out = Matrix.zeros(selected.rowCount(), outputWidth);
        int offset = 0;
        for (int j = 0; j < categories.size(); j++) {
            Categories known = categories.get(j);
            Block block = blocks.get(j);
            Column column = selected.column(j);
            for (int r = 0; r < selected.rowCount(); r++) {
                int index = known.indexOf(column, r);
                int target = index >= 0 ? block.outputs()[index] : isMissing(column, r) ? block.missing() : NONE;
                boolean unknown = index < 0 && target == NONE;
                if (unknown) {
                    target = block.unknown();
                }
                if (target != NONE) {
                    out.set(r, offset + target, 1.0);
                } else if (unknown && handleUnknown == UnknownCategories.ERROR) {
                    throw new IncompatibleModelException("one_hot_encoder: column \"" + column.name() + "\" row "
                            + (r + 1) + " holds " + known.describe(column, r) + ", a category not seen when fitting; "
                            + "refit, or use handle_unknown=ignore to encode it as all zeros");
                }
            }
            offset += block.width();
        }
        return out;
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
        Json.ObjectBuilder builder = Json.object()
                .put("handle_unknown", handleUnknown.name().toLowerCase(Locale.ROOT))
                .put("categories", Json.array(categories.stream().map(Categories::toJson).toList()));
        if (!blocks.stream().allMatch(Block::isPlain)) {
            builder.put("blocks", Json.array(blocks.stream().map(block -> (Json) block.toJson()).toList()));
        }
        Json.JsonObject config = builder.build();
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
            List<Block> blocks = new ArrayList<>();
            if (config.has("blocks")) {
                for (Json item : config.getArray("blocks").items()) blocks.add(Block.fromJson((Json.JsonObject) item));
            } else {
                categories.forEach(known -> blocks.add(Block.plain(known.size())));
            }
            return new OneHotEncoder(categories, blocks, handleUnknown, snapshot.signature().featureNames());
        });
    }
}
