package dev.brine.models.data;

import dev.brine.core.IncompatibleModelException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Named columns of equal length: what a CSV file holds, before it becomes a {@link Matrix}. */
public record Table(List<Column> columns) {

    public Table {
        columns = List.copyOf(columns);
        Set<String> seen = new HashSet<>();
        for (Column column : columns) {
            if (!seen.add(column.name())) {
                throw new IllegalArgumentException("column \"" + column.name() + "\" appears twice");
            }
            if (column.size() != columns.get(0).size()) {
                throw new IllegalArgumentException("column \"" + column.name() + "\" has " + column.size()
                        + " rows, column \"" + columns.get(0).name() + "\" has " + columns.get(0).size());
            }
        }
    }

    /** A table of numeric columns named after a matrix's positions ({@code x0, x1…}) or the given names. */
    public static Table of(Matrix matrix, List<String> names) {
        List<Column> columns = new ArrayList<>(matrix.cols());
        for (int j = 0; j < matrix.cols(); j++) {
            String name = names.isEmpty() ? "x" + j : names.get(j);
            columns.add(new Column.Numeric(name, matrix.column(j)));
        }
        return new Table(columns);
    }

    public int rowCount() {
        return columns.isEmpty() ? 0 : columns.get(0).size();
    }

    public int columnCount() {
        return columns.size();
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    public boolean has(String name) {
        return columns.stream().anyMatch(column -> column.name().equals(name));
    }

    public Column column(String name) {
        for (Column column : columns) {
            if (column.name().equals(name)) {
                return column;
            }
        }
        throw new IncompatibleModelException("the table has no column \"" + name + "\"; its columns are " + names());
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** This table without one column (the target, before the features become a matrix). */
    public Table without(String name) {
        column(name);
        return new Table(columns.stream().filter(column -> !column.name().equals(name)).toList());
    }

    public Table select(List<String> names) {
        return new Table(names.stream().map(this::column).toList());
    }

    public Table selectRows(int[] rowIndices) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column column : columns) {
            out.add(switch (column) {
                case Column.Numeric numeric -> {
                    double[] values = new double[rowIndices.length];
                    for (int i = 0; i < rowIndices.length; i++) values[i] = numeric.values()[rowIndices[i]];
                    yield new Column.Numeric(numeric.name(), values);
                }
                case Column.Text text -> {
                    String[] values = new String[rowIndices.length];
                    for (int i = 0; i < rowIndices.length; i++) values[i] = text.values()[rowIndices[i]];
                    yield new Column.Text(text.name(), values);
                }
            });
        }
        return new Table(out);
    }

    /** All columns as a matrix; a text column is an error that names it (encode it first). */
    public Matrix toMatrix() {
        Matrix matrix = Matrix.zeros(rowCount(), columnCount());
        for (int j = 0; j < columns.size(); j++) {
            if (!(columns.get(j) instanceof Column.Numeric numeric)) {
                throw new IncompatibleModelException("column \"" + columns.get(j).name() + "\" holds text; this model "
                        + "takes numbers only (put a OneHotEncoder in front of it in a ColumnTransformer)");
            }
            for (int r = 0; r < numeric.values().length; r++) {
                matrix.set(r, j, numeric.values()[r]);
            }
        }
        return matrix;
    }
}
