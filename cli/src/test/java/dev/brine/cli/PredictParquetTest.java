package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.models.data.Column;
import dev.brine.models.data.Table;
import dev.brine.models.linear.Ridge;
import dev.brine.models.tabular.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `brine predict --input X.parquet`: DuckDB (an independent writer) writes the Parquet inputs here from SQL whose
 * values the test also lists; the model is fitted on those values, so its predictions from the Parquet file must
 * equal its predictions from the listed values. Plain and snappy pages; 8-, 16-, 32- and 64-bit integers, float,
 * double, boolean, strings and a timestamp; and a list column, which predict refuses.
 */
class PredictParquetTest {
    private static final List<String> FEATURES = List.of("id", "tinyint_col", "smallint_col", "int_col", "bigint_col",
            "float_col", "double_col");
    /** The ids of the written rows in file order; row r holds 0 or 1 (r odd) in the small ints, bigint 0 or 10, … */
    private static final int[] IDS = {4, 5, 6, 7, 2, 3, 0, 1};

    @TempDir
    Path dir;

    /** The rows {@link #listed()} lists, as SQL: r is the row number, in the order of {@link #IDS}. */
    private static String rows() {
        StringBuilder values = new StringBuilder();
        for (int r = 0; r < IDS.length; r++) {
            values.append(r == 0 ? "" : ", ").append('(').append(r).append(", ").append(IDS[r]).append(')');
        }
        return "SELECT id::INTEGER AS id, r % 2 = 0 AS bool_col, (r % 2)::TINYINT AS tinyint_col, "
                + "(r % 2)::SMALLINT AS smallint_col, (r % 2)::INTEGER AS int_col, (r % 2 * 10)::BIGINT AS bigint_col, "
                + "(CASE WHEN r % 2 = 1 THEN 1.1 ELSE 0 END)::FLOAT AS float_col, "
                + "(CASE WHEN r % 2 = 1 THEN 10.1 ELSE 0 END)::DOUBLE AS double_col, "
                + "printf('%02d/01/09', r + 1) AS date_string_col, (r % 2)::VARCHAR AS string_col, "
                + "TIMESTAMP '2009-01-01 00:00:00' + INTERVAL (r) MINUTE AS timestamp_col "
                + "FROM (VALUES " + values + ") AS t(r, id) ORDER BY r";
    }

    /** Writes the result of a query to a Parquet file with DuckDB. */
    private Path parquet(String name, String query, String compression) throws SQLException {
        Path file = dir.resolve(name);
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (" + query + ") TO '" + file + "' (FORMAT PARQUET, COMPRESSION " + compression
                    + ")");
        }
        return file;
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
    void parquetRowsPredictAsTheListedValuesWithKeptColumns() throws IOException, SQLException {
        Table x = listed();
        double[] y = new double[IDS.length];
        for (int r = 0; r < y.length; r++) y[r] = 2 * IDS[r] + (r % 2) * 3.5;
        var model = new Ridge(1.0).fit(x.toMatrix(), Target.of(new Column.Numeric("y", y), false), FEATURES);
        Path file = dir.resolve("ridge.brine");
        Models.save(model, file);
        double[] expected = model.predict(x).toDoubleArray();

        for (String compression : List.of("UNCOMPRESSED", "SNAPPY")) {
            Path input = parquet(compression + ".parquet", rows(), compression);
            Path output = dir.resolve(compression + ".csv");
            MainTest.Result result = brine("predict", file.toString(), "--input", input.toString(), "--output",
                    output.toString(), "--keep", "bool_col,date_string_col,string_col,timestamp_col");
            assertEquals(0, result.exitCode(), result.err());
            List<String> lines = Files.readAllLines(output);
            assertEquals("bool_col,date_string_col,string_col,timestamp_col,prediction", lines.getFirst());
            assertEquals(IDS.length + 1, lines.size());
            for (int r = 0; r < IDS.length; r++) {
                String[] cells = lines.get(r + 1).split(",");
                assertEquals(r % 2 == 0 ? "true" : "false", cells[0]);
                assertEquals("0" + (r + 1) + "/01/09", cells[1]);
                assertEquals(Integer.toString(r % 2), cells[2]);
                assertTrue(cells[3].contains("2009-01-01"), cells[3]);
                assertEquals(expected[r], Double.parseDouble(cells[4]), 1e-12, lines.get(r + 1));
            }
        }
    }

    @Test
    void unknownColumnsAndNestedSchemasAreRefused() throws SQLException {
        Table x = listed();
        var model = new Ridge(1.0).fit(x.toMatrix(), Target.of(new Column.Numeric("y", new double[IDS.length]),
                false), FEATURES);
        Path file = dir.resolve("ridge.brine");
        Models.save(model, file);
        MainTest.Result unknown = brine("predict", file.toString(), "--input",
                parquet("flat.parquet", rows(), "UNCOMPRESSED").toString(),
                "--output", dir.resolve("o.csv").toString());
        assertEquals(6, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("[bool_col, date_string_col, string_col, timestamp_col]"), unknown.err());
        // The model's columns are all there, next to a list column: the schema is not a flat table.
        Path nestedFile = parquet("nested.parquet", "SELECT *, [id, id + 1] AS list_col, "
                + "[[id], [id, 2 * id]] AS lists_col FROM (" + rows() + ")", "SNAPPY");
        MainTest.Result nested = brine("predict", file.toString(), "--input", nestedFile.toString(),
                "--output", dir.resolve("o.csv").toString());
        assertEquals(5, nested.exitCode(), nested.err());
        assertTrue(nested.err().contains("nested"), nested.err());
    }
}
