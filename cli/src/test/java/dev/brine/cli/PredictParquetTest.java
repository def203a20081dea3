package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.models.data.Column;
import dev.brine.models.data.Table;
import dev.brine.models.linear.Ridge;
import dev.brine.models.tabular.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `brine predict --input X.parquet`: Apache's alltypes_plain files (resources/parquet/README.md), whose contents the
 * DuckDB test suite lists; the model is fitted here on those values, so its predictions from the Parquet file must
 * equal its predictions from the listed values.
 */
class PredictParquetTest {
    private static final List<String> FEATURES = List.of("id", "tinyint_col", "smallint_col", "int_col", "bigint_col",
            "float_col", "double_col");
    /** Rows of alltypes_plain.parquet in file order: id, then 0 or 1 in the small ints, bigint 0 or 10, … */
    private static final int[] IDS = {4, 5, 6, 7, 2, 3, 0, 1};

    @TempDir
    Path dir;

    private static String fixture(String name) {
        try {
            return Path.of(PredictParquetTest.class.getResource("/parquet/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The listed values; float_col is float32 in the file, widened to double as numpy widens it. */
    private static Table listed() {
        List<Column> columns = new ArrayList<>();
        for (String name : FEATURES) {
            double[] values = new double[IDS.length];
            for (int r = 0; r < IDS.length; r++) {
                boolean odd = r % 2 == 1;
                values[r] = switch (name) {
                    case "id" -> IDS[r];
                    case "bigint_col" -> odd ? 10 : 0;
                    case "float_col" -> odd ? (double) 1.1f : 0;
                    case "double_col" -> odd ? 10.1 : 0;
                    default -> odd ? 1 : 0;
                };
            }
            columns.add(new Column.Numeric(name, values));
        }
        return new Table(columns);
    }

    @Test
    void parquetRowsPredictAsTheListedValuesWithKeptColumns() throws IOException {
        Table x = listed();
        double[] y = new double[IDS.length];
        for (int r = 0; r < y.length; r++) y[r] = 2 * IDS[r] + (r % 2) * 3.5;
        var model = new Ridge(1.0).fit(x.toMatrix(), Target.of(new Column.Numeric("y", y), false), FEATURES);
        Path file = dir.resolve("ridge.brine");
        Models.save(model, file);
        double[] expected = model.predict(x).toDoubleArray();

        for (String input : List.of("alltypes_plain.parquet", "alltypes_plain.snappy.parquet")) {
            Path output = dir.resolve(input + ".csv");
            MainTest.Result result = brine("predict", file.toString(), "--input", fixture(input), "--output",
                    output.toString(), "--keep", "bool_col,date_string_col,string_col,timestamp_col");
            assertEquals(0, result.exitCode(), result.err());
            List<String> lines = Files.readAllLines(output);
            assertEquals("bool_col,date_string_col,string_col,timestamp_col,prediction", lines.getFirst());
            int rows = input.contains("snappy") ? 2 : IDS.length;   // the snappy file holds ids 6 and 7
            assertEquals(rows + 1, lines.size());
            for (int r = 0; r < rows; r++) {
                String[] cells = lines.get(r + 1).split(",");
                int listedRow = input.contains("snappy") ? r + 2 : r;
                assertEquals(listedRow % 2 == 0 ? "true" : "false", cells[0]);
                assertEquals(Integer.toString(listedRow % 2), cells[2]);
                assertTrue(cells[1].matches("0\\d/01/09"), cells[1]);
                assertEquals(expected[listedRow], Double.parseDouble(cells[4]), 1e-12, lines.get(r + 1));
            }
        }
    }

    @Test
    void unknownColumnsAndNestedSchemasAreRefused() {
        Table x = listed();
        var model = new Ridge(1.0).fit(x.toMatrix(), Target.of(new Column.Numeric("y", new double[IDS.length]),
                false), FEATURES);
        Path file = dir.resolve("ridge.brine");
        Models.save(model, file);
        MainTest.Result unknown = brine("predict", file.toString(), "--input", fixture("alltypes_plain.parquet"),
                "--output", dir.resolve("o.csv").toString());
        assertEquals(6, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("[bool_col, date_string_col, string_col, timestamp_col]"), unknown.err());
        MainTest.Result nested = brine("predict", file.toString(), "--input", fixture("nested_lists.snappy.parquet"),
                "--output", dir.resolve("o.csv").toString());
        assertEquals(5, nested.exitCode(), nested.err());
        assertTrue(nested.err().contains("nested"), nested.err());
    }
}
