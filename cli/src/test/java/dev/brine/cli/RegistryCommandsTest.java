package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.models.Trainers;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry commands of the brief on an embedded registry, and models:/ URIs where a model is read. */
class RegistryCommandsTest {
    @TempDir
    Path dir;
    String registry;
    Path first;
    Path second;

    @BeforeEach
    void twoModels() throws IOException {
        registry = dir.resolve("registry.db").toString();
        Path csv = dir.resolve("train.csv");
        Files.writeString(csv, "x,y\n0,1\n1,3\n2,5\n3,7\n4,9.5\n");
        Table table = CsvTable.read(csv);
        first = dir.resolve("first.brine");
        second = dir.resolve("second.brine");
        Models.save(Trainers.train("linear", table, "y", Map.of(), Optional.empty(), 1), first);
        Models.save(Trainers.train("ridge", table, "y", Map.of("alpha", "5"), Optional.empty(), 1), second);
    }

    private MainTest.Result run(String... args) {
        String[] withRegistry = new String[args.length + 2];
        System.arraycopy(args, 0, withRegistry, 0, args.length);
        withRegistry[args.length] = "--registry";
        withRegistry[args.length + 1] = registry;
        return brine(withRegistry);
    }

    @Test
    void pushAliasRollbackAndPredictThroughTheAlias() throws IOException {
        assertEquals(0, run("push", first.toString(), "line", "--alias", "prod").exitCode());
        assertEquals(0, run("push", second.toString(), "line").exitCode());
        assertTrue(run("push", first.toString(), "line").out().contains("already models:/line/1"));

        Path input = dir.resolve("x.csv");
        Files.writeString(input, "x\n10\n");
        Path output = dir.resolve("out.csv");
        assertEquals(0, run("alias", "line", "prod", "2").exitCode());
        assertEquals(0, run("predict", "models:/line@prod", "--input", input.toString(), "--output",
                output.toString()).exitCode());
        double ridge = Double.parseDouble(Files.readAllLines(output).get(1));
        assertEquals(0, run("alias", "line", "prod", "--rollback").exitCode());
        assertEquals(0, run("predict", "models:/line@prod", "--input", input.toString(), "--output",
                output.toString()).exitCode());
        double linear = Double.parseDouble(Files.readAllLines(output).get(1));
        assertTrue(Math.abs(linear - ridge) > 1e-6, "the alias moved back to another model");
        assertEquals(Models.load(first).predict(dev.brine.core.tensor.Tensor.of(new double[] {10}, 1, 1))
                .getDouble(0), linear, 0);

        String history = run("alias", "line", "prod", "--history").out();
        assertEquals(3, history.lines().count(), history);
    }

    @Test
    void versionsAndModelsListAsJson() {
        run("push", first.toString(), "line", "--tag", "team=ml", "--metric", "r2=0.99");
        MainTest.Result models = run("models", "--json");
        assertEquals(0, models.exitCode(), models.err());
        assertTrue(models.out().contains("\"name\": \"line\""), models.out());
        MainTest.Result versions = run("versions", "line", "--json");
        assertTrue(versions.out().contains("\"model_type\": \"linear_regression\""), versions.out());
    }

    @Test
    void exitCodesForMissingAndInvalid() {
        run("push", first.toString(), "line", "--alias", "prod");
        assertEquals(7, run("pull", "models:/line@staging", "-o", dir.resolve("x.brine").toString()).exitCode());
        assertEquals(7, run("versions", "nope").exitCode());
        assertEquals(2, run("alias", "line", "bad alias!", "1").exitCode());
        assertEquals(2, run("rm", "models:/line/1").exitCode(), "an alias points at it");
    }

    @Test
    void pullWritesTheExactBytes() throws IOException {
        run("push", first.toString(), "line");
        Path pulled = dir.resolve("pulled.brine");
        assertEquals(0, run("pull", "models:/line/1", "-o", pulled.toString()).exitCode());
        assertEquals(-1, Files.mismatch(first, pulled));
    }
}
