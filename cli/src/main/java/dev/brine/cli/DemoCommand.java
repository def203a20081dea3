package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.models.Metrics;
import dev.brine.models.Trainers;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.models.data.Column;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Table;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.nn.MlpRun;
import dev.brine.models.nn.TabularNetwork;
import dev.brine.models.pipeline.PipelineSpec;
import dev.brine.models.preprocessing.StandardScaler;
import dev.brine.models.tabular.Target;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.onnx.export.OnnxExport;
import dev.brine.python.PickleScanner;
import dev.brine.python.ScanReport;
import dev.brine.registry.ModelUri;
import dev.brine.registry.PushRequest;
import dev.brine.registry.Registry;
import dev.brine.server.BrineServer;
import dev.brine.server.ModelSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "demo", description = "The main job on embedded defaults: train the classic examples in Java, save,"
        + " reload and compare predictions, resume an interrupted training run exactly, refuse a malicious pickle,"
        + " register everything in the embedded registry, move and roll back an alias, and serve a model over HTTP"
        + " while its alias moves.")
final class DemoCommand implements Callable<Integer> {
    private static final long SEED = 42;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo writes its files (default:"
            + " ~/.brine/demo).")
    Path directory;

    @CommandLine.Mixin
    RegistryFlags registryFlags;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One row of the summary table. */
    private record Row(String model, long fileBytes, double saveMillis, double loadMillis, String quality,
                       boolean identical) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = directory != null ? directory : Path.of(System.getProperty("user.home"), ".brine", "demo");
        Files.createDirectories(dir);
        Table iris = dataset("iris.csv");
        Table regression = dataset("regression.csv");
        Table cancer = dataset("breast_cancer.csv");

        out.println("1. Train the classic examples in Java, save each as .brine, reload it, compare predictions");
        List<Row> rows = new ArrayList<>();
        List<Path> saved = new ArrayList<>();
        rows.add(roundTrip(dir, "linear-regression", regression, "target",
                () -> Trainers.train("linear", regression, "target", Map.of(), Optional.empty(), SEED), saved));
        rows.add(roundTrip(dir, "scaler-logistic-iris", iris, "target",
                () -> PipelineSpec.start().then("scaler", StandardScaler::fit).last("logistic", new LogisticRegression())
                        .fit(iris.without("target"), Target.of(iris.column("target"), true)), saved));
        rows.add(roundTrip(dir, "random-forest-iris", iris, "target",
                () -> Trainers.train("forest", iris, "target", Map.of("n_estimators", "100"), Optional.empty(), SEED),
                saved));
        rows.add(roundTrip(dir, "mlp-adam-iris", iris, "target",
                () -> Trainers.train("mlp", iris, "target", Map.of("layers", "16", "optimizer", "adam", "lr", "0.01",
                        "epochs", "40"), Optional.empty(), SEED), saved));
        rows.add(roundTrip(dir, "dense64-binary-cancer", cancer, "target",
                () -> Trainers.train("mlp", cancer, "target", Map.of("layers", "64", "activation", "relu",
                        "optimizer", "adam", "epochs", "20"), Optional.empty(), SEED), saved));
        printTable(out, rows);

        out.println();
        out.println("2. Interrupt a training run after 3 of 6 epochs, save a checkpoint, load it, finish it");
        boolean resumedExactly = resumeMatches(dir, iris, out);

        out.println();
        out.println("3. Load models made in Python: a scikit-learn pipeline (joblib) and a PyTorch checkpoint");
        boolean pythonMatches = loadPythonModels(dir, out);

        out.println();
        out.println("4. A Keras model (HDF5, written by Keras 2.2.4) and an ONNX export checked by ONNX Runtime");
        boolean interopMatches = kerasAndOnnx(dir, iris, saved, out);

        out.println();
        out.println("5. Refuse a malicious pickle (a LinearRegression whose state hides os.system) without running it");
        boolean refused = scanMalicious(dir, out);

        out.println();
        out.println("6. Register everything in the registry, move prod forward and roll it back");
        boolean served;
        // A throwaway registry unless --registry names one: the demo's versions are not the user's.
        Path throwaway = registryFlags.registry == null ? Files.createTempDirectory("brine-demo-registry") : null;
        if (throwaway != null) {
            registryFlags.registry = throwaway.resolve("registry.db").toString();
        }
        try (Registry registry = registryFlags.open()) {
            out.println("   registry: " + registry.location() + (throwaway != null
                    ? " (throwaway, deleted at the end; --registry URI keeps the demo's versions)" : ""));
            registerAndRoll(registry, saved, iris, dir, out);

            out.println();
            out.println("7. Serve demo-random-forest-iris@prod over HTTP, move prod, watch the server switch");
            served = serveAndSwap(registry, out);
        } finally {
            if (throwaway != null) {
                deleteTree(throwaway);
            }
        }

        boolean allIdentical = rows.stream().allMatch(Row::identical);
        boolean passed = allIdentical && resumedExactly && pythonMatches && interopMatches && refused && served;
        out.println();
        out.println(passed
                ? "demo passed: every reloaded model predicts identically, the resumed run matches bit for bit,"
                        + " the Python-made models predict as scikit-learn and Keras did, ONNX Runtime agrees,"
                        + " the malicious file was refused, and the server switched versions without a failed request."
                : "demo FAILED: see the lines above.");
        return passed ? 0 : Main.EXIT_BUG;
    }

    private static Table dataset(String name) {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
            return CsvTable.read(new InputStreamReader(in, StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException("the demo dataset " + name + " is missing from the jar", e);
        }
    }

    private static Row roundTrip(Path dir, String name, Table table, String target, Supplier<TabularModel> training,
                                 List<Path> saved) {
        TabularModel model = training.get();
        Path file = dir.resolve(name + ".brine");
        long start = System.nanoTime();
        Models.save(model, file);
        double saveMillis = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        Model reloaded = Models.load(file);
        double loadMillis = (System.nanoTime() - start) / 1e6;
        Table features = table.without(target);
        TabularModel reloadedTabular = (TabularModel) reloaded;
        boolean identical = model.predict(features).contentEquals(reloadedTabular.predict(features));
        if (model instanceof Classifier && reloaded instanceof Classifier) {
            identical &= ((dev.brine.models.tabular.TabularClassifier) model).predictProba(features)
                    .contentEquals(((dev.brine.models.tabular.TabularClassifier) reloaded).predictProba(features));
        }
        saved.add(file);
        return new Row(name, size(file), saveMillis, loadMillis, quality(Metrics.evaluate(reloadedTabular, table,
                target)), identical);
    }

    private static String quality(dev.brine.core.json.Json.JsonObject metrics) {
        return metrics.has("accuracy")
                ? String.format(Locale.ROOT, "accuracy %.3f", metrics.getDouble("accuracy"))
                : String.format(Locale.ROOT, "R² %.3f", metrics.getDouble("r2"));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printTable(PrintWriter out, List<Row> rows) {
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("model", "file", "save ms", "load ms", "on training data", "reloaded predicts"));
        for (Row row : rows) {
            table.add(List.of(row.model(), Text.bytes(row.fileBytes()), String.format(Locale.ROOT, "%.1f",
                    row.saveMillis()), String.format(Locale.ROOT, "%.1f", row.loadMillis()), row.quality(),
                    row.identical() ? "identically" : "DIFFERENTLY"));
        }
        Text.table(table).lines().forEach(line -> out.println("   " + line));
    }

    private static boolean resumeMatches(Path dir, Table iris, PrintWriter out) {
        Map<String, String> params = Map.of("layers", "16", "optimizer", "adam", "dropout", "0.1");
        MlpRun uninterrupted = Trainers.startNetwork(iris, "target", params, Optional.empty(), SEED);
        uninterrupted.trainUntil(6, report -> { });

        MlpRun first = Trainers.startNetwork(iris, "target", params, Optional.empty(), SEED);
        first.trainUntil(3, report -> { });
        Path checkpoint = dir.resolve("mlp-epoch-0003.brine");
        Models.save(first.checkpoint(), checkpoint);
        MlpRun resumed = Trainers.resumeNetwork((TabularNetwork) Models.load(checkpoint), iris, "target");
        resumed.trainUntil(6, report -> { });

        List<NamedTensor> expected = uninterrupted.checkpoint().snapshot().tensors();
        List<NamedTensor> actual = resumed.checkpoint().snapshot().tensors();
        boolean same = expected.size() == actual.size();
        for (int i = 0; same && i < expected.size(); i++) {
            same = expected.get(i).name().equals(actual.get(i).name())
                    && expected.get(i).tensor().contentEquals(actual.get(i).tensor());
        }
        same &= uninterrupted.history().equals(resumed.history());
        out.println("   " + expected.size() + " tensors (weights, Adam moments, RNG state, data order) and the metrics"
                + " history after 3 + 3 epochs " + (same ? "match the uninterrupted 6-epoch run bit for bit"
                : "DIFFER from the uninterrupted run"));
        return same;
    }

    /** Copies a bundled file out of the jar, as a user's file would be on disk. */
    private static Path bundled(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /**
     * The pipeline (scaler and one-hot encoder in a ColumnTransformer, then a classifier) predicts the rows
     * scikit-learn predicted when the generator wrote it; its labels must match exactly and its probabilities to
     * 1e-9. The checkpoint is converted with its architecture, keeping weights and Adam state.
     */
    private static boolean loadPythonModels(Path dir, PrintWriter out) throws IOException {
        Path pipelineFile = bundled(dir, "sklearn_pipeline.joblib");
        Json.JsonObject expected = (Json.JsonObject) JsonParser.parse(
                Files.readString(bundled(dir, "sklearn_pipeline.json")));
        TabularClassifier pipeline = (TabularClassifier) Models.load(pipelineFile);
        Table rows = tableOf(expected.getArray("columns"));
        long[] predicted = pipeline.predict(rows).toLongArray();
        List<String> sklearnLabels = expected.getArray("predict").toStringList();
        int sameLabels = 0;
        for (int i = 0; i < predicted.length; i++) {
            sameLabels += pipeline.classLabels().get((int) predicted[i]).equals(sklearnLabels.get(i)) ? 1 : 0;
        }
        double[] proba = pipeline.predictProba(rows).toDoubleArray();
        Json.JsonArray sklearnProba = expected.getArray("proba");
        double worst = 0;
        for (int i = 0; i < sklearnProba.size(); i++) {
            Json.JsonArray row = (Json.JsonArray) sklearnProba.get(i);
            for (int k = 0; k < row.size(); k++) {
                worst = Math.max(worst, Math.abs(((Json.JsonNumber) row.get(k)).doubleValue()
                        - proba[i * row.size() + k]));
            }
        }
        out.println("   " + pipelineFile.getFileName() + " (" + pipeline.type() + ", read without Python): "
                + sameLabels + "/" + predicted.length + " labels as scikit-learn, largest probability difference "
                + String.format(Locale.ROOT, "%.1e", worst));

        Path checkpoint = bundled(dir, "torch_checkpoint.pt");
        Path converted = dir.resolve("torch_checkpoint.brine");
        int code = Main.run(new String[] {"convert", checkpoint.toString(), converted.toString(),
                "--arch", "Linear(4,6),Tanh,Linear(6,2)"}, out, out);
        long optimizerTensors = Models.load(converted).snapshot().tensors().stream()
                .filter(t -> t.role() == dev.brine.core.model.TensorRole.OPTIMIZER_STATE).count();
        out.println("   " + checkpoint.getFileName() + " → " + converted.getFileName() + ": weights and "
                + optimizerTensors + " Adam state tensors kept, so training resumes in Java");
        return sameLabels == predicted.length && worst <= 1e-9 && code == 0 && optimizerTensors > 0;
    }

    /** Keras' own outputs for ten inputs, to 1e-5; the forest exported to ONNX predicts the same labels in ORT. */
    private static boolean kerasAndOnnx(Path dir, Table iris, List<Path> saved, PrintWriter out) throws IOException {
        Model keras = Models.load(bundled(dir, "keras_lstm.h5"));
        Json.JsonArray cases = ((Json.JsonObject) JsonParser.parse(Files.readString(bundled(dir, "keras_lstm.json"))))
                .getArray("cases");
        double worst = 0;
        for (Json item : cases.items()) {
            Json.JsonObject test = (Json.JsonObject) item;
            double[] input = test.getArray("input").toDoubleArray();
            float[] values = new float[input.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) input[i];
            }
            double[] predicted = keras.predict(dev.brine.core.tensor.Tensor.of(values,
                    test.getArray("input_shape").toLongArray())).toDoubleArray();
            double[] expected = test.getArray("keras_output").toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - predicted[i]));
            }
        }
        out.println("   keras_lstm.h5 (" + keras.type() + ": Dense, Dense, LSTM, Dense): " + cases.size()
                + " inputs, largest difference from Keras' own outputs " + String.format(Locale.ROOT, "%.1e", worst));

        Path forestFile = saved.stream().filter(p -> p.getFileName().toString().startsWith("random-forest"))
                .findFirst().orElseThrow();
        Path onnx = dir.resolve("random-forest-iris.onnx");
        OnnxExport.write(Models.load(forestFile), onnx);
        Table features = iris.without("target");
        long[] brine = ((TabularModel) Models.load(forestFile)).predict(features).toLongArray();
        long[] runtime = Models.load(onnx).predict(features.toMatrix().toTensor()).toLongArray();
        boolean agree = java.util.Arrays.equals(brine, runtime);
        out.println("   " + forestFile.getFileName() + " → " + onnx.getFileName() + ": ONNX Runtime "
                + (agree ? "predicts the same " + brine.length + " labels as Brine" : "DISAGREES with Brine"));
        return worst <= 1e-5 && agree;
    }

    private static Table tableOf(Json.JsonArray columns) {
        List<Column> out = new ArrayList<>();
        for (Json column : columns.items()) {
            Json.JsonObject named = (Json.JsonObject) column;
            Json.JsonArray values = named.getArray("values");
            if (values.items().stream().anyMatch(value -> value instanceof Json.JsonString)) {
                out.add(new Column.Text(named.getString("name"), values.items().stream()
                        .map(value -> value instanceof Json.JsonString text ? text.value() : null)
                        .toArray(String[]::new)));
            } else {
                double[] numbers = new double[values.size()];
                for (int i = 0; i < numbers.length; i++) {
                    // The generator writes a missing value (NaN) as null.
                    numbers[i] = values.get(i) instanceof Json.JsonNumber number ? number.doubleValue() : Double.NaN;
                }
                out.add(new Column.Numeric(named.getString("name"), numbers));
            }
        }
        return new Table(out);
    }

    private static boolean scanMalicious(Path dir, PrintWriter out) throws IOException {
        Path file = bundled(dir, "malicious_estimator.pkl");
        ScanReport report = PickleScanner.scan(file);
        for (ScanReport.Finding finding : report.findings()) {
            out.println("   " + (finding.global().allowed() ? "allowed " : "UNSAFE  ") + finding.global().qualifiedName()
                    + " (offset " + finding.global().offset() + ")");
        }
        boolean refused = false;
        try {
            Models.load(file);
        } catch (dev.brine.core.BrineException e) {
            refused = e instanceof dev.brine.core.UnsafeModelException;
            out.println("   load refused (exit " + e.exitCode() + "): " + e.getMessage());
        }
        return refused && report.verdict() == ScanReport.Verdict.UNSAFE;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Serves the forest from the registry, sends requests while the prod alias moves to v2, and counts failures and
     * which version answered.
     */
    private static boolean serveAndSwap(Registry registry, PrintWriter out) throws InterruptedException {
        String name = "demo-random-forest-iris";
        long before = registry.resolve(ModelUri.alias(name, "prod")).version();
        long after = registry.versions(name, false).getLast().version();
        try (BrineServer server = BrineServer.builder().port(0).pollInterval(Duration.ofMillis(200))
                .model("iris", ModelSource.registry(registry, ModelUri.alias(name, "prod").toString()))
                .log(line -> { }).start();
             HttpClient client = HttpClient.newHttpClient()) {
            URI predict = server.uri().resolve("/v2/models/iris/predict");
            String body = "{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}";
            out.println("   POST " + predict + " " + body);
            out.println("   → " + post(client, predict, body));
            int failures = 0;
            java.util.Set<String> versionsSeen = new java.util.TreeSet<>();
            registry.setAlias(name, "prod", after);
            out.println("   moved " + name + "@prod: v" + before + " → v" + after + "; requests continue meanwhile");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                String answer = post(client, predict, body);
                if (answer.startsWith("{\"model_name\"")) {
                    String version = answer.replaceAll(".*\"model_version\":\"([^\"]*)\".*", "$1");
                    versionsSeen.add("v" + version);
                    if (version.equals(Long.toString(after))) {
                        break;
                    }
                } else {
                    failures++;
                }
            }
            registry.rollback(name, "prod");
            out.println("   answered by " + versionsSeen + ", failed requests: " + failures + "; prod rolled back to v"
                    + before);
            return failures == 0 && versionsSeen.contains("v" + after);
        }
    }

    private static String post(HttpClient client, URI uri, String body) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "request failed: " + e;
        }
    }

    private static void registerAndRoll(Registry registry, List<Path> saved, Table iris, Path dir, PrintWriter out) {
        for (Path file : saved) {
            String name = "demo-" + file.getFileName().toString().replace(".brine", "");
            var result = registry.push(file, PushRequest.builder(name).alias("prod").build());
            out.println("   " + result.summary());
        }
        TabularModel bigger = Trainers.train("forest", iris, "target", Map.of("n_estimators", "200"),
                Optional.empty(), SEED + 1);
        Path file = dir.resolve("random-forest-iris-v2.brine");
        Models.save(bigger, file);
        String name = "demo-random-forest-iris";
        var pushed = registry.push(file, PushRequest.builder(name).tag("trees", "200").build());
        out.println("   " + pushed.summary());
        var move = registry.setAlias(name, "prod", pushed.version().version());
        out.println("   " + name + "@prod: v" + move.fromVersion().orElse(0L) + " → v" + move.toVersion().orElse(0L));
        var back = registry.rollback(name, "prod");
        out.println("   rolled back: " + name + "@prod: v" + back.fromVersion().orElse(0L) + " → v"
                + back.toVersion().orElse(0L) + " (" + registry.resolve(ModelUri.alias(name, "prod")).uri() + ")");
    }
}
