package dev.brine.models.testing;

import dev.brine.models.data.Column;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/** The committed CSV datasets (src/test/resources/datasets, written by make_datasets.py); the target is the last column. */
public final class Datasets {

    private Datasets() {
    }

    public static Table table(String name) {
        String text = new String(Fixtures.bytes("datasets/" + name + ".csv"), StandardCharsets.UTF_8);
        return CsvTable.read(new StringReader(text), name + ".csv");
    }

    public static Table features(String name) {
        Table table = table(name);
        return table.without(table.column(table.columnCount() - 1).name());
    }

    public static Matrix x(String name) {
        return features(name).toMatrix();
    }

    public static double[] y(String name) {
        Table table = table(name);
        return ((Column.Numeric) table.column(table.columnCount() - 1)).values();
    }

    public static Labels labels(String name) {
        Table table = table(name);
        return Labels.of(table.column(table.columnCount() - 1));
    }

}
