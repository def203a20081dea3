package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.models.Trainers;
import dev.brine.models.data.CsvTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** search, restore, metrics and tags in versions and models, and what gc says it kept. */
class RegistryQueriesTest {
    @TempDir
    Path dir;
    String registry;

    @BeforeEach
    void threeVersions() throws IOException {
        registry = dir.resolve("registry.db").toString();
        Path data = dir.resolve("train.csv");
        Files.writeString(data, "x,y\n0,1.5\n1,3.2\n2,5.1\n3,7.4\n");
        String[][] pushes = {{"0.85", "dev"}, {"0.93", "prod"}, {"0.97", "dev"}};
        for (int i = 0; i < pushes.length; i++) {
            Path model = dir.resolve("m" + i + ".brine");
            Models.save(Trainers.train("ridge", CsvTable.read(data), "y", Map.of("alpha", Integer.toString(i + 1)),
                    Optional.empty(), 1), model);
            MainTest.Result pushed = run("push", model.toString(), "line", "--metric", "accuracy=" + pushes[i][0],
                    "--tag", "stage=" + pushes[i][1]);
            assertEquals(0, pushed.exitCode(), pushed.err());
        }
    }

    private MainTest.Result run(String... args) {
        String[] withRegistry = new String[args.length + 2];
        System.arraycopy(args, 0, withRegistry, 0, args.length);
        withRegistry[args.length] = "--registry";
        withRegistry[args.length + 1] = registry;
        return brine(withRegistry);
    }

    private List<String> searchUris(String query) {
        MainTest.Result result = run("search", query, "--json");
        assertEquals(0, result.exitCode(), result.err());
        return ((Json.JsonArray) JsonParser.parse(result.out())).items().stream()
                .map(item -> ((Json.JsonObject) item).getString("uri")).toList();
    }

    @Test
    void searchTakesMetricsTagsAndNames() {
        assertEquals(List.of("models:/line/2"), searchUris("metrics.accuracy > 0.9 and tag.stage=prod"));
        assertEquals(List.of("models:/line/2", "models:/line/3"), searchUris("metrics.accuracy>=0.93"));
        assertEquals(List.of("models:/line/1", "models:/line/3"), searchUris("tag.stage = 'dev' and name=line"));
        assertEquals(List.of(), searchUris("metrics.accuracy < 0.5"));
        MainTest.Result text = run("search", "metrics.accuracy > 0.96");
        assertTrue(text.out().contains("models:/line/3") && text.out().contains("accuracy=0.97"), text.out());
    }

    @Test
    void aMalformedQueryIsAUsageErrorWithAnExample() {
        for (String bad : new String[] {"metrics.accuracy >", "tag.stage > prod", "colour = red", "name=x or",
                "metrics.accuracy > high", "'; DROP TABLE model_versions; --"}) {
            MainTest.Result result = run("search", bad);
            assertEquals(2, result.exitCode(), bad + ": " + result.err());
            assertTrue(result.err().contains("Example: metrics.accuracy > 0.9"), result.err());
        }
        assertEquals(3, run("versions", "line").out().lines().count(), "the registry is intact");
    }

    @Test
    void versionsAndModelsShowMetricsAndTags() {
        MainTest.Result versions = run("versions", "line");
        assertTrue(versions.out().contains("tags stage=prod") && versions.out().contains("metrics accuracy=0.93"),
                versions.out());
        Json.JsonObject second = (Json.JsonObject) ((Json.JsonArray) JsonParser.parse(
                run("versions", "line", "--json").out())).get(1);
        assertEquals(0.93, second.getObject("metrics").getDouble("accuracy"));
        assertEquals("prod", second.getObject("tags").getString("stage"));
        MainTest.Result models = run("models");
        assertTrue(models.out().contains("metrics accuracy=0.97"), models.out());
        Json.JsonObject model = (Json.JsonObject) ((Json.JsonArray) JsonParser.parse(run("models", "--json").out()))
                .get(0);
        assertEquals(0.97, model.getObject("latestMetrics").getDouble("accuracy"));
    }

    @Test
    void rmPromisesRestoreAndRestoreKeepsIt() {
        MainTest.Result removed = run("rm", "models:/line/2");
        assertEquals(0, removed.exitCode(), removed.err());
        assertTrue(removed.out().contains("brine restore models:/line/2"), removed.out());
        assertEquals(7, run("pull", "models:/line/2", "-o", dir.resolve("x").toString()).exitCode());
        MainTest.Result restored = run("restore", "models:/line/2");
        assertEquals(0, restored.exitCode(), restored.err());
        assertEquals(0, run("pull", "models:/line/2", "-o", dir.resolve("x").toString()).exitCode());
        assertEquals(2, run("restore", "models:/line/2").exitCode(), "not deleted: nothing to restore");
        assertEquals(2, run("restore", "models:/line@prod").exitCode(), "a version number is needed");
        run("rm", "models:/line/1");
        assertEquals(0, run("gc", "--grace", "0s").exitCode());
        MainTest.Result purged = run("restore", "models:/line/1");
        assertEquals(2, purged.exitCode());
        assertTrue(purged.err().contains("push the file again"), purged.err());
    }

    @Test
    void gcPrintsItsGracePeriodAndWhatItKept() {
        run("rm", "models:/line/3");
        MainTest.Result gc = run("gc", "--grace", "2h");
        assertEquals(0, gc.exitCode(), gc.err());
        assertTrue(gc.out().contains("1 versions purged") && gc.out().contains("kept 1 (")
                && gc.out().contains("grace period of 2h"), gc.out());
        Json.JsonObject json = (Json.JsonObject) JsonParser.parse(run("gc", "--json", "--dry-run").out());
        assertEquals("PT1H", json.getString("grace"));
        assertEquals(1, json.getArray("kept").size());
    }
}
