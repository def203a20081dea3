package dev.brine.models.data;

/** One named column of a {@link Table}: numbers (missing values are NaN) or text (missing values are null). */
public sealed interface Column permits Column.Numeric, Column.Text {

    String name();

    int size();

    /** The same values under another name. */
    Column named(String name);

    /** Numbers; NaN marks a missing value. */
    record Numeric(String name, double[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public Numeric named(String name) {
            return new Numeric(name, values);
        }
    }

    /** Text such as category names; null marks a missing value. */
    record Text(String name, String[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public Text named(String name) {
            return new Text(name, values);
        }
    }
}
