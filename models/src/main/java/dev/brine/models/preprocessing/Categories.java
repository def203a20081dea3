package dev.brine.models.preprocessing;

import dev.brine.core.json.Json;
import dev.brine.models.data.Column;
import dev.brine.models.data.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The sorted distinct values one column of an encoder knows: numbers or text (scikit-learn's {@code categories_[i]}).
 * Missing values are never a category.
 */
public sealed interface Categories permits Categories.Numbers, Categories.Texts {

    int size();

    /** Position of the value in column {@code row} of {@code column}, or -1 when it is unknown or missing. */
    int indexOf(Column column, int row);

    Json.JsonObject toJson();

    /** A short description of a cell for error messages. */
    String describe(Column column, int row);

    /** A one-row column holding the first known category (missing when there is none). */
    Column example(String name);

    /** One row of each column's first known category, named {@code names} (or x0, x1… when empty). */
    static Table exampleRow(List<Categories> categories, List<String> names) {
        List<Column> columns = new ArrayList<>(categories.size());
        for (int j = 0; j < categories.size(); j++) {
            columns.add(categories.get(j).example(names.isEmpty() ? "x" + j : names.get(j)));
        }
        return new Table(columns);
    }

    static Categories of(Column column) {
        return switch (column) {
            case Column.Numeric numeric -> new Numbers(Arrays.stream(numeric.values()).filter(v -> !Double.isNaN(v))
                    .distinct().sorted().toArray());
            case Column.Text text -> {
                TreeSet<String> distinct = new TreeSet<>();
                for (String value : text.values()) if (value != null) distinct.add(value);
                yield new Texts(new ArrayList<>(distinct));
            }
        };
    }

    static Categories fromJson(Json.JsonObject json) {
        Json.JsonArray values = json.getArray("values");
        return switch (json.getString("kind")) {
            case "number" -> new Numbers(values.toDoubleArray());
            case "text" -> new Texts(values.toStringList());
            default -> throw new IllegalArgumentException("category kind must be \"number\" or \"text\", got \""
                    + json.getString("kind") + "\"");
        };
    }

    record Numbers(double[] values) implements Categories {
        public Numbers {
            for (int i = 1; i < values.length; i++) {
                if (!(values[i - 1] < values[i])) throw new IllegalArgumentException("categories must be sorted and distinct");
            }
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public int indexOf(Column column, int row) {
            if (!(column instanceof Column.Numeric numeric)) {
                throw new dev.brine.core.IncompatibleModelException("column \"" + column.name() + "\" holds text, the "
                        + "encoder was fitted on numbers");
            }
            int index = Arrays.binarySearch(values, numeric.values()[row]);
            return index >= 0 ? index : -1;
        }

        @Override
        public String describe(Column column, int row) {
            return column instanceof Column.Numeric numeric ? Double.toString(numeric.values()[row]) : "?";
        }

        @Override
        public Column example(String name) {
            return new Column.Numeric(name, new double[] {values.length == 0 ? Double.NaN : values[0]});
        }

        @Override
        public Json.JsonObject toJson() {
            List<Json> items = new ArrayList<>();
            for (double value : values) items.add(Json.of(value));
            return Json.object().put("kind", "number").put("values", Json.array(items)).build();
        }
    }

    record Texts(List<String> values) implements Categories {
        public Texts {
            values = List.copyOf(values);
            for (int i = 1; i < values.size(); i++) {
                if (values.get(i - 1).compareTo(values.get(i)) >= 0) {
                    throw new IllegalArgumentException("categories must be sorted and distinct");
                }
            }
        }

        @Override
        public int size() {
            return values.size();
        }

        @Override
        public int indexOf(Column column, int row) {
            if (!(column instanceof Column.Text text)) {
                throw new dev.brine.core.IncompatibleModelException("column \"" + column.name() + "\" holds numbers, "
                        + "the encoder was fitted on text");
            }
            String value = text.values()[row];
            int index = value == null ? -1 : Collections.binarySearch(values, value);
            return index >= 0 ? index : -1;
        }

        @Override
        public String describe(Column column, int row) {
            return column instanceof Column.Text text ? "\"" + text.values()[row] + "\"" : "?";
        }

        @Override
        public Column example(String name) {
            return new Column.Text(name, new String[] {values.isEmpty() ? null : values.getFirst()});
        }

        @Override
        public Json.JsonObject toJson() {
            return Json.object().put("kind", "text").put("values", Json.arrayOfStrings(values)).build();
        }
    }
}
