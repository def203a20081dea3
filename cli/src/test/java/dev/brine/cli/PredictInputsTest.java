package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Table;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.linear.Ridge;
import dev.brine.models.pipeline.ColumnTransformerSpec;
import dev.brine.models.pipeline.ColumnTransformerSpec.PartSpec;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.pipeline.PipelineSpec;
import dev.brine.models.preprocessing.OneHotEncoder;
import dev.brine.models.preprocessing.SimpleImputer;
import dev.brine.models.preprocessing.StandardScaler;
import dev.brine.models.tabular.Target;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `brine predict` never guesses: each awkward input of docs/cli.md gets its documented answer (exit code, and a
 * message naming the line and column), and nothing is written when it fails.
 */
class PredictInputsTest {
    @TempDir
    Path dir;

    private Path classifier;
    private Path output;

    @BeforeEach
    void trainClassifier() {
        Table table = CsvTable.read(new StringReader("""
                width,height,kind
                1.0,1.1,small
                1.2,0.9,small
                0.8,1.0,small
                3.0,3.2,large
                3.1,2.9,large
                2.9,3.0,large
                """), "train.csv");
        var model = new LogisticRegression().fit(table.without("kind").toMatrix(),
                Target.of(table.column("kind"), true), List.of("width", "height"));
        classifier = dir.resolve("classifier.brine");
        Models.save(model, classifier);
        output = dir.resolve("out.csv");
    }

    private Path file(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** {@code brine predict MODEL --input INPUT --output out.csv MORE…}. */
    private MainTest.Result predict(Path model, Path input, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("predict", model.toString(), "--input", input.toString(),
                "--output", output.toString()));
        args.addAll(List.of(more));
        return brine(args.toArray(String[]::new));
    }

    private void assertRefused(MainTest.Result result, int exit, String... phrases) {
        assertEquals(exit, result.exitCode(), result.err());
        for (String phrase : phrases) {
            assertTrue(result.err().contains(phrase), "expected \"" + phrase + "\" in: " + result.err());
        }
        assertTrue(Files.notExists(output), "nothing is written when predict refuses");
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(output);
    }

    @Test
    void mismatchedHeaderNamesTheMissingAndUnknownColumns() throws IOException {
        assertRefused(predict(classifier, file("x.csv", "height,depth\n1,2\n")), 6,
                "Missing: [width]", "Not features of the model: [depth]", "--keep");
    }

    @Test
    void keptColumnsGoToTheOutputAndOthersAreMatchedByName() throws IOException {
        MainTest.Result result = predict(classifier, file("x.csv", "height,id,width\n1.0,a7,1.0\n3.0,b8,3.1\n"),
                "--keep", "id");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of("id,prediction", "a7,small", "b8,large"), lines());
    }

    @Test
    void aFileWithoutHeaderIsRefusedWithTheAdviceAndReadByPositionWhenAsked() throws IOException {
        Path headerless = file("x.csv", "1.0,1.0\n3.0,3.1\n");
        assertRefused(predict(classifier, headerless), 6, "x.csv line 1", "looks like data", "--by-position",
                "[width, height]");
        MainTest.Result result = predict(classifier, headerless, "--by-position");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of("prediction", "small", "large"), lines());
    }

    @Test
    void byteOrderMarkAndCrlfAreReadAsThePersonWroteThem() throws IOException {
        MainTest.Result result = predict(classifier, file("x.csv", "\uFEFFwidth,height\r\n1.0,1.0\r\n\r\n3.0,3.1\r\n"));
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of("prediction", "small", "large"), lines());
    }

    @Test
    void anEmptyCellIsAMissingValueWhichAModelWithoutImputerRefuses() throws IOException {
        // Line 4: the blank line 3 counts, as in an editor.
        assertRefused(predict(classifier, file("x.csv", "width,height\n1.0,1.0\n\n2.0,\n")), 6,
                "x.csv line 4, column \"height\"", "missing value", "SimpleImputer");
    }

    @Test
    void textInANumericColumnNamesLineAndColumn() throws IOException {
        assertRefused(predict(classifier, file("x.csv", "width,height\n1.0,1.0\n\"2,0\",1.0\n")), 6,
                "x.csv line 3, column \"width\"", "\"2,0\" is not a number");
        assertRefused(predict(classifier, file("y.csv", "width,height\n1.0,NaN\n")), 6,
                "line 2, column \"height\"", "\"NaN\" is not a number", "empty cells");
    }

    @Test
    void raggedRowsAndOpenQuotesNameTheLine() throws IOException {
        assertRefused(predict(classifier, file("x.csv", "width,height\n1.0,1.0\n1.0\n")), 6, "x.csv line 3",
                "1 cells, the header has 2");
        assertRefused(predict(classifier, file("y.csv", "width,height\n1.0,\"1.0\n")), 6, "line 2",
                "Unclosed quoted field");
    }

    @Test
    void aPipelineWithAnImputerTakesMissingValuesAndTextColumns() throws IOException {
        Table houses = CsvTable.read(new StringReader("""
                area,rooms,city,price
                50,2,Oslo,300
                80,3,Bergen,420
                65,,Oslo,380
                120,5,Bergen,610
                ,4,Oslo,500
                """), "houses.csv");
        Pipeline model = PipelineSpec.start()
                .then("prepare", ColumnTransformerSpec.of(
                        new PartSpec("numbers", PipelineSpec.start()
                                .then("impute", SimpleImputer.spec(SimpleImputer.Strategy.MEDIAN, 0))
                                .then("scale", StandardScaler::fit), List.of("area", "rooms")),
                        new PartSpec("city", OneHotEncoder.spec(OneHotEncoder.UnknownCategories.IGNORE),
                                List.of("city"))))
                .last("ridge", new Ridge(1.0))
                .fit(houses.without("price"), Target.of(houses.column("price"), false));
        Path file = dir.resolve("houses.brine");
        Models.save(model, file);
        Table rows = CsvTable.read(new StringReader("area,rooms,city\n70,,Bergen\n,3,Oslo\n"), "rows.csv");
        double[] expected = model.predict(rows).toDoubleArray();

        output = dir.resolve("out.jsonl");
        MainTest.Result result = predict(file, file("x.csv", "city,rooms,area\nBergen,,70\nOslo,3,\n"));
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = lines();
        assertEquals(2, lines.size());
        for (int i = 0; i < 2; i++) {
            assertEquals("{\"prediction\":" + expected[i] + "}", lines.get(i));
        }
    }

    @Test
    void jsonLinesRowsNameTheirColumns() throws IOException {
        MainTest.Result result = predict(classifier, file("x.jsonl",
                "{\"height\": 1.0, \"width\": 1.0}\n\n{\"width\": 3.0, \"height\": 3.1}\n"), "--proba");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(lines().get(0).equals("prediction,proba_large,proba_small"), lines().get(0));
        assertTrue(lines().get(2).startsWith("large,"), lines().get(2));
        Files.delete(output);
        assertRefused(predict(classifier, file("y.jsonl", "{\"height\": 1.0, \"width\": null}\n")), 6,
                "y.jsonl line 1, column \"width\"", "missing value");
        assertRefused(predict(classifier, file("z.jsonl", "[1.0, 1.0]\n")), 6, "arrays", "--by-position");
    }

    @Test
    void tsvAndStandardOutput() throws IOException {
        MainTest.Result result = brine("predict", classifier.toString(), "--input",
                file("x.tsv", "width\theight\n1.0\t1.0\n").toString(), "--output", "-");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("prediction\nsmall\n", result.out());
        assertTrue(result.err().contains("wrote 1 predictions to standard output"), result.err());
    }

    @Test
    void labelsAndProbabilitiesAsNumpyArrays() throws IOException {
        Path input = file("x.csv", "width,height\n1.0,1.0\n3.0,3.1\n");
        Path npy = dir.resolve("labels.npy");
        MainTest.Result result = brine("predict", classifier.toString(), "--input", input.toString(), "--output",
                npy.toString());
        assertEquals(0, result.exitCode(), result.err());
        byte[] bytes = Files.readAllBytes(npy);
        String header = new String(bytes, 10, (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<U5', 'fortran_order': False, 'shape': (2,), }"), header);
        assertEquals(0, (10 + header.length()) % 64);
        assertEquals(10 + header.length() + 2 * 5 * 4, bytes.length);

        MainTest.Result two = brine("predict", classifier.toString(), "--input", input.toString(), "--output",
                dir.resolve("both.npy").toString(), "--proba");
        assertEquals(5, two.exitCode(), two.err());
        assertTrue(two.err().contains(".npz"), two.err());
        MainTest.Result npz = brine("predict", classifier.toString(), "--input", input.toString(), "--output",
                dir.resolve("both.npz").toString(), "--proba");
        assertEquals(0, npz.exitCode(), npz.err());
        try (var zip = new java.util.zip.ZipFile(dir.resolve("both.npz").toFile())) {
            assertEquals(List.of("prediction.npy", "probabilities.npy"),
                    zip.stream().map(java.util.zip.ZipEntry::getName).toList());
            Path probabilities = dir.resolve("p.npy");
            Files.write(probabilities, zip.getInputStream(zip.getEntry("probabilities.npy")).readAllBytes());
            var tensor = dev.brine.python.numpy.NumpyFiles.read(probabilities);
            assertArrayEquals(new long[] {2, 2}, tensor.shape().dims());
            assertEquals(1.0, tensor.getDouble(0) + tensor.getDouble(1), 1e-12);
        }
    }

    @Test
    void probaOnAModelWithoutProbabilitiesIsRefused() throws IOException {
        Table table = CsvTable.read(new StringReader("x,y\n0,1\n1,3\n2,5\n"), "t.csv");
        var model = new Ridge(0.0).fit(table.without("y").toMatrix(), Target.of(table.column("y"), false),
                List.of("x"));
        Path file = dir.resolve("line.brine");
        Models.save(model, file);
        assertRefused(predict(file, file("x.csv", "x\n1\n"), "--proba"), 6, "--proba needs a classifier");
    }
}
