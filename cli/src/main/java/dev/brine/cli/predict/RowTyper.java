package dev.brine.cli.predict;

import dev.brine.core.IncompatibleModelException;
import dev.brine.models.data.Column;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of cells into the table a model reads, feature by feature: an empty cell is a missing value, which
 * is an error where the model does not accept one; text where the model reads numbers is an error. Both name the
 * line and the column.
 */
final class RowTyper {
    private final FeatureColumns features;
    private final int[] sourceColumn;
    private final String source;
    private final String position;

    /** {@code sourceColumn[j]}: which cell of a row feeds feature j; {@code position}: "line" or "row". */
    RowTyper(FeatureColumns features, int[] sourceColumn, String source, String position) {
        this.features = features;
        this.sourceColumn = sourceColumn.clone();
        this.source = source;
        this.position = position;
    }

    Table table(RowSource.Batch batch) {
        List<Column> columns = new ArrayList<>(features.count());
        for (int j = 0; j < features.count(); j++) {
            String name = features.names().isEmpty() ? "x" + j : features.names().get(j);
            columns.add(switch (features.kinds().get(j)) {
                case NUMBER -> numbers(batch, j, name);
                case TEXT -> text(batch, j, name);
            });
        }
        return new Table(columns);
    }

    private Column numbers(RowSource.Batch batch, int j, String name) {
        int column = sourceColumn[j];
        boolean missingAllowed = features.acceptsMissing().get(j);
        double[] values = new double[batch.size()];
        for (int r = 0; r < values.length; r++) {
            String cell = stripped(batch.rows().get(r)[column]);
            if (cell.isEmpty()) {
                if (!missingAllowed) throw missing(batch, r, j);
                values[r] = Double.NaN;
                continue;
            }
            double value = CsvTable.parseNumber(cell);
            if (Double.isNaN(value)) {
                throw new IncompatibleModelException(where(batch, r, j) + ": \"" + shortCell(cell) + "\" is not a"
                        + " number, and " + features.model() + " reads numbers in this column. Write missing values"
                        + " as empty cells.");
            }
            values[r] = value;
        }
        return new Column.Numeric(name, values);
    }

    /** Text as written; an empty cell is missing (null). */
    private Column text(RowSource.Batch batch, int j, String name) {
        int column = sourceColumn[j];
        boolean missingAllowed = features.acceptsMissing().get(j);
        String[] cells = new String[batch.size()];
        for (int r = 0; r < cells.length; r++) {
            String cell = batch.rows().get(r)[column];
            if (stripped(cell).isEmpty()) {
                if (!missingAllowed) throw missing(batch, r, j);
            } else {
                cells[r] = cell;
            }
        }
        return new Column.Text(name, cells);
    }

    private static String stripped(String cell) {
        return cell.isEmpty() || (cell.charAt(0) > ' ' && cell.charAt(cell.length() - 1) > ' ') ? cell : cell.strip();
    }

    private IncompatibleModelException missing(RowSource.Batch batch, int r, int j) {
        return new IncompatibleModelException(where(batch, r, j) + ": the cell is empty (a missing value), and "
                + features.model() + " does not accept missing values in this column (scikit-learn raises too). Fill"
                + " the cell, or use a model that imputes it (a Pipeline with a SimpleImputer first).");
    }

    private String where(RowSource.Batch batch, int r, int j) {
        return source + " " + position + " " + batch.lines()[r] + ", column \"" + features.name(j) + "\"";
    }

    private static String shortCell(String cell) {
        return cell.length() > 40 ? cell.substring(0, 40) + "…" : cell;
    }
}
