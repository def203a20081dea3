package dev.brine.python.sklearn;

import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.models.data.Column;
import dev.brine.models.data.Table;
import dev.brine.python.Fixtures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One case of {@code fixtures-gen/sklearn_gen.py}: the estimator's input columns and scikit-learn's own outputs,
 * and the files (pickle protocols, joblib compressions) it was written to.
 */
record SklearnCase(String name, String estimator, Table input, Json predictions, Json probabilities,
                   List<String> classes, List<String> files) {

    static Map<String, SklearnCase> all() {
        return all("sklearn");
    }

    /** The cases of a fixture folder ({@code sklearn}, or {@code sklearn_wild}: files of other projects). */
    static Map<String, SklearnCase> all(String folder) {
        Json.JsonObject index = (Json.JsonObject) JsonParser.parse(Fixtures.text(folder + "/index.json"));
        Map<String, SklearnCase> cases = new TreeMap<>();
        index.members().forEach((name, files) -> cases.put(name,
                load(folder, name, ((Json.JsonArray) files).toStringList())));
        return cases;
    }

    static SklearnCase load(String name, List<String> files) {
        return load("sklearn", name, files);
    }

    static SklearnCase load(String folder, String name, List<String> files) {
        Json.JsonObject json = (Json.JsonObject) JsonParser.parse(Fixtures.text(folder + "/" + name + ".json"));
        List<Column> columns = new ArrayList<>();
        for (Json item : json.getArray("columns").items()) {
            Json.JsonObject column = (Json.JsonObject) item;
            columns.add(column(column.getString("name"), column.getArray("values")));
        }
        return new SklearnCase(name, json.getString("estimator"), new Table(columns), json.get("predict"),
                json.getOrNull("proba"), json.has("classes") ? json.getArray("classes").toStringList() : List.of(),
                files);
    }

    /** Text when any value is text (null marks a missing value either way), numbers otherwise (null is NaN). */
    private static Column column(String name, Json.JsonArray values) {
        boolean text = values.items().stream().anyMatch(value -> value instanceof Json.JsonString);
        if (text) {
            String[] out = new String[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i) instanceof Json.JsonString value ? value.value() : null;
            }
            return new Column.Text(name, out);
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i) instanceof Json.JsonNumber value ? value.doubleValue() : Double.NaN;
        }
        return new Column.Numeric(name, out);
    }

    boolean classifier() {
        return !classes.isEmpty();
    }

    /** Numbers of a flat or nested JSON array, row-major; null is NaN. */
    static double[] numbers(Json json) {
        List<Double> out = new ArrayList<>();
        flatten(json, out);
        double[] values = new double[out.size()];
        for (int i = 0; i < values.length; i++) values[i] = out.get(i);
        return values;
    }

    private static void flatten(Json json, List<Double> out) {
        switch (json) {
            case Json.JsonArray array -> array.items().forEach(item -> flatten(item, out));
            case Json.JsonNumber number -> out.add(number.doubleValue());
            case Json.JsonNull nothing -> out.add(Double.NaN);
            default -> throw new AssertionError("not a number: " + json);
        }
    }
}
