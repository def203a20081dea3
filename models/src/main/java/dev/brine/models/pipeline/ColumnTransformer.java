package dev.brine.models.pipeline;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.models.data.Column;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.snapshot.NestedSnapshots;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.TabularInput;
import dev.brine.models.tabular.Transformer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Different transformers for different columns, outputs side by side, as scikit-learn's {@code ColumnTransformer}:
 * each part names the input columns it reads. Columns no part names are dropped or passed through (the remainder,
 * appended last) as the spec said when fitting. Saved as one snapshot: each part's configuration and columns in
 * {@code parts}, its tensors under {@code <part name>.}.
 */
public final class ColumnTransformer implements Transformer {

    public static final String TYPE = "column_transformer";

    /** One fitted part: the transformer and the input columns it reads. */
    public record Part(String name, Transformer transformer, List<String> columns) {
        public Part {
            columns = List.copyOf(columns);
            if (name.isEmpty() || name.contains(".")) {
                throw new IllegalArgumentException("part name \"" + name + "\" must be non-empty and without '.'");
            }
        }
    }

    private final List<Part> parts;
    private final List<String> featureNames;
    private final int outputWidth;

    public ColumnTransformer(List<Part> parts, List<String> featureNames) {
        this.parts = List.copyOf(parts);
        this.featureNames = List.copyOf(featureNames);
        HashSet<String> names = new HashSet<>();
        for (Part part : parts) {
            if (!names.add(part.name())) {
                throw new IllegalArgumentException("part name \"" + part.name() + "\" appears twice");
            }
            if (!featureNames.containsAll(part.columns())) {
                throw new IncompatibleModelException("column_transformer part \"" + part.name() + "\" reads columns "
                        + part.columns() + ", not all among the inputs " + featureNames);
            }
        }
        this.outputWidth = parts.stream().mapToInt(part -> part.transformer().outputWidth()).sum();
    }

    public List<Part> parts() {
        return parts;
    }

    @Override
    public Matrix transform(Table input) {
        Table named = renamed(TabularInput.select(input, featureNames, featureNames.size(), TYPE));
        List<Matrix> outputs = new ArrayList<>(parts.size());
        for (Part part : parts) {
            outputs.add(part.transformer().transform(named.select(part.columns())));
        }
        return Matrix.concatColumns(outputs);
    }

    /** A table given by position gets the fitted names, so parts can pick their columns. */
    private Table renamed(Table input) {
        if (input.names().equals(featureNames)) {
            return input;
        }
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < featureNames.size(); j++) {
            columns.add(input.column(j).named(featureNames.get(j)));
        }
        return new Table(columns);
    }

    /** Each part's example values in the columns it reads; 0 in the columns no part reads. */
    @Override
    public Table exampleRow() {
        List<Column> columns = new ArrayList<>(Table.of(Matrix.zeros(1, featureNames.size()), featureNames).columns());
        for (Part part : parts) {
            Table example = part.transformer().exampleRow();
            for (int k = 0; k < part.columns().size(); k++) {
                columns.set(featureNames.indexOf(part.columns().get(k)), example.column(k).named(part.columns().get(k)));
            }
        }
        return new Table(columns);
    }

    @Override
    public Matrix transform(Matrix input) {
        input.requireColumns(featureNames.size(), TYPE);
        return transform(Table.of(input, featureNames));
    }

    @Override
    public int outputWidth() {
        return outputWidth;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Every part that reads the column must take a missing value; a column no part reads is dropped. */
    @Override
    public boolean acceptsMissing(int feature) {
        String name = featureNames.get(feature);
        for (Part part : parts) {
            int index = part.columns().indexOf(name);
            if (index >= 0 && !part.transformer().acceptsMissing(index)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int featureCount() {
        return featureNames.size();
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public ModelSnapshot snapshot() {
        List<NamedTensor> tensors = new ArrayList<>();
        List<Json> entries = new ArrayList<>();
        for (Part part : parts) {
            Json.JsonObject entry = NestedSnapshots.encode(part.transformer(), part.name(), tensors);
            entries.add(Json.object().put("name", part.name()).put("columns", Json.arrayOfStrings(part.columns()))
                    .put("model", entry).build());
        }
        Json.JsonObject config = Json.object().put("parts", Json.array(entries)).build();
        return new ModelSnapshot(TYPE, config, tensors, signature(), List.of(), Optional.empty());
    }

    static ColumnTransformer restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, TYPE);
        List<Json.JsonObject> entries = reader.config(config -> config.getArray("parts").items().stream()
                .map(Json.JsonObject.class::cast).toList());
        List<Part> parts = new ArrayList<>();
        for (Json.JsonObject entry : entries) {
            String name = reader.config(config -> entry.getString("name"));
            List<String> columns = reader.config(config -> entry.getArray("columns").toStringList());
            Json.JsonObject model = reader.config(config -> entry.getObject("model"));
            if (!(NestedSnapshots.decode(reader, model, name) instanceof Transformer transformer)) {
                throw new IncompatibleModelException("column_transformer part \"" + name + "\" is not a transformer");
            }
            parts.add(new Part(name, transformer, columns));
        }
        return new ColumnTransformer(parts, snapshot.signature().featureNames());
    }
}
