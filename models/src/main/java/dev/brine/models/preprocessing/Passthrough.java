package dev.brine.models.preprocessing;

import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.Signature;
import dev.brine.models.data.Matrix;
import dev.brine.models.tabular.TabularSignature;
import dev.brine.models.tabular.Transformer;
import dev.brine.models.tabular.TransformerSpec;

import java.util.List;
import java.util.Optional;

/** Numeric columns unchanged: scikit-learn's {@code "passthrough"} step of a column transformer. */
public final class Passthrough implements Transformer {

    public static final String TYPE = "passthrough";

    public static final TransformerSpec SPEC = x -> new Passthrough(x.columnCount(), x.names());

    private final int width;
    private final List<String> featureNames;

    public Passthrough(int width, List<String> featureNames) {
        this.width = width;
        this.featureNames = List.copyOf(featureNames);
    }

    @Override
    public Matrix transform(Matrix input) {
        return input.requireColumns(width, TYPE);
    }

    @Override
    public int outputWidth() {
        return width;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int featureCount() {
        return width;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(TYPE, Json.JsonObject.EMPTY, List.of(), signature(), List.of(), Optional.empty());
    }

    static Passthrough restore(ModelSnapshot snapshot) {
        return new Passthrough(TabularSignature.featureCount(snapshot), snapshot.signature().featureNames());
    }
}
