package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Table;
import dev.brine.models.linear.LinearRegression;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.tabular.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `brine predict`: the CSV contract of the product brief. */
class PredictCommandTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path trainedClassifier() throws IOException {
        Table table = CsvTable.read(csv("train.csv", """
                width,height,kind
                1.0,1.1,small
                1.2,0.9,small
                0.8,1.0,small
                3.0,3.2,large
                3.1,2.9,large
                2.9,3.0,large
                """));
        var model = new LogisticRegression().fit(table.without("kind").toMatrix(),
                Target.of(table.column("kind"), true), List.of("width", "height"));
        Path file = dir.resolve("classifier.brine");
        Models.save(model, file);
        return file;
    }

    @Test
    void classifierWritesLabelsAndProbabilityColumnsMatchingColumnsByName() throws IOException {
        Path model = trainedClassifier();
        // Columns in another order, plus an id the model does not use, kept for the output: matched by name.
        Path input = csv("x.csv", "id,height,width\n7,1.0,1.0\n8,3.0,3.1\n");
        Path output = dir.resolve("out.csv");
        MainTest.Result result = brine("predict", model.toString(), "--input", input.toString(),
                "--output", output.toString(), "--proba", "--keep", "id");
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = Files.readAllLines(output);
        assertEquals("id,prediction,proba_large,proba_small", lines.get(0));
        assertTrue(lines.get(1).startsWith("7,small,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("8,large,"), lines.get(2));
        for (String line : lines.subList(1, 3)) {
            String[] cells = line.split(",");
            assertEquals(1.0, Double.parseDouble(cells[2]) + Double.parseDouble(cells[3]), 1e-12, line);
        }
    }

    @Test
    void regressorWritesOnePredictionColumn() throws IOException {
        Table table = CsvTable.read(csv("train.csv", "x,y\n0,1\n1,3\n2,5\n3,7\n"));
        var model = new LinearRegression(true).fit(table.without("y").toMatrix(), Target.of(table.column("y"), false),
                List.of("x"));
        Path file = dir.resolve("line.brine");
        Models.save(model, file);
        Path output = dir.resolve("out.csv");
        MainTest.Result result = brine("predict", file.toString(), "--input", csv("x.csv", "x\n10\n").toString(),
                "--output", output.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = Files.readAllLines(output);
        assertEquals("prediction", lines.get(0));
        assertEquals(21.0, Double.parseDouble(lines.get(1)), 1e-9);
    }

    @Test
    void wrongColumnCountIsSixAndNamesTheColumns() throws IOException {
        Path model = trainedClassifier();
        Path input = csv("x.csv", "a,b,c\n1,2,3\n");
        MainTest.Result result = brine("predict", model.toString(), "--input", input.toString(),
                "--output", dir.resolve("out.csv").toString());
        assertEquals(6, result.exitCode(), result.err());
        assertTrue(result.err().contains("[a, b, c]"), result.err());
        assertTrue(result.err().contains("[width, height]"), result.err());
        assertTrue(Files.notExists(dir.resolve("out.csv")), "no output on failure");
    }
}
