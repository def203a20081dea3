package dev.brine.cli.predict;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.model.Model;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Column;
import dev.brine.models.data.Table;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code brine predict}: reads the input batch by batch, matches it to what the model takes, predicts and writes
 * each batch, so memory stays bounded by the batch size (array outputs are joined at the end).
 */
public final class BatchPrediction {

    /** What the command line asked for. */
    public record Settings(String input, InputFormat inputFormat, String output, OutputFormat outputFormat,
                           boolean proba, boolean byPosition, List<String> keep, int batchSize) {
        public Settings {
            keep = List.copyOf(keep);
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize + ".");
            }
            if (byPosition && !keep.isEmpty()) {
                throw new IllegalArgumentException("--keep names columns, which a file read --by-position has not;"
                        + " drop one of them.");
            }
        }
    }

    private final Model model;
    private final String label;
    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private long rows;

    private BatchPrediction(Model model, String label, Settings settings, PrintWriter out, PrintWriter err) {
        this.model = model;
        this.label = label;
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** Runs the prediction; returns the summary line ({@code wrote N predictions to OUT (rate)}). */
    public static String run(Model model, String label, Settings settings, PrintWriter out, PrintWriter err) {
        return new BatchPrediction(model, label, settings, out, err).run();
    }

    private String run() {
        if (settings.proba()) {
            Predictions.checkProba(model, label);
        }
        InputFormat format = settings.inputFormat();
        Optional<FeatureColumns> features = FeatureColumns.of(model, label);
        if (!settings.keep().isEmpty() && (!format.isTable() || features.isEmpty())) {
            throw new IllegalArgumentException("--keep copies columns of a table (CSV, TSV, JSON Lines, Parquet) to"
                    + " the output; this input holds tensors.");
        }
        Progress progress = new Progress(err, Progress.standardErrorIsTerminal());
        try (Destination destination = Destination.of(settings.output(), out)) {
            PredictionWriter writer = PredictionWriter.of(settings.outputFormat(), destination);
            if (format == InputFormat.NPY || format == InputFormat.NPZ) {
                arrays(features, writer);
            } else if (features.isPresent() && format.isTable()
                    && (format != InputFormat.JSONL || !features.get().names().isEmpty())) {
                // JSON Lines are rows for a model that names its features, else named input tensors.
                table(features.get(), writer, progress);
            } else if (format == InputFormat.JSONL) {
                try (InputStream in = open()) {
                    TensorInputs.jsonl(in, model, settings.input(), settings.batchSize(),
                            inputs -> write(writer, Predictions.ofNamed(model, inputs, settings.proba()), progress,
                                    -1));
                }
            } else {
                throw new IncompatibleModelException(settings.input() + ": " + label + " takes tensors "
                        + model.signature().inputs() + ", not rows of a table; give them as .npy, .npz or JSON Lines"
                        + " naming each input.");
            }
            writer.finish();
            destination.commit();
            return "wrote " + rows + " predictions to " + destination.name() + " (" + progress.finish(rows) + ")";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot predict " + settings.input() + " into " + settings.output(), e);
        }
    }

    private void write(PredictionWriter writer, Predictions predictions, Progress progress, double fraction) {
        try {
            writer.write(predictions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.output(), e);
        }
        rows += predictions.outputs().getFirst().rows();
        progress.update(rows, fraction);
    }

    /** Rows of a table: matched to the model's features by name (or by position when asked), typed, predicted. */
    private void table(FeatureColumns features, PredictionWriter writer, Progress progress) throws IOException {
        String source = settings.input();
        try (RowSource rowSource = openRows(open())) {
            String[] first = rowSource.first();
            int[] order;
            List<String[]> firstData = new ArrayList<>();
            switch (rowSource.kind()) {
                case NAMES -> {
                    if (settings.byPosition()) {
                        throw new IllegalArgumentException(source + ": the rows name their columns; --by-position is"
                                + " for files without a header. Drop it.");
                    }
                    order = features.matchHeader(List.of(first), rowSource.firstLine(), settings.keep(), source, err);
                }
                case DATA -> {
                    if (!settings.byPosition()) {
                        throw new IncompatibleModelException(source + " line " + rowSource.firstLine() + ": rows are"
                                + " arrays, which name no columns. Write objects naming each column, or pass"
                                + " --by-position if the values are in the model's order " + features.names() + ".");
                    }
                    order = features.matchPositions(first.length, rowSource.firstLine(), source);
                }
                case HEADER_OR_DATA -> {
                    if (settings.byPosition()) {
                        order = features.matchPositions(first.length, rowSource.firstLine(), source);
                        firstData.add(first);
                    } else {
                        order = features.matchHeader(List.of(first), rowSource.firstLine(), settings.keep(), source,
                                err);
                    }
                }
                default -> throw new IllegalStateException();
            }
            int[] kept = settings.keep().stream().mapToInt(name -> List.of(first).indexOf(name)).toArray();
            RowTyper typer = new RowTyper(features, order, source, rowSource.position());
            long firstLine = rowSource.firstLine();
            // Reading and typing run one batch ahead of predicting and writing, on another thread.
            try (Prefetch<Typed> typed = new Prefetch<>(() -> {
                RowSource.Batch batch = rowSource.next(settings.batchSize() - firstData.size(), first.length);
                if (!firstData.isEmpty()) {
                    batch = prepend(firstData.getFirst(), firstLine, batch);
                    firstData.clear();
                }
                return batch.size() == 0 ? null : new Typed(batch, typer.table(batch), rowSource.fractionRead());
            })) {
                for (Typed next = typed.next(); next != null; next = typed.next()) {
                    Predictions predictions = Predictions.ofTable(model, next.table(), settings.proba());
                    write(writer, withKept(predictions, next.batch(), kept), progress, next.fraction());
                }
            }
        }
    }

    /** A batch as read and as the model takes it, and how much of the input was read by then. */
    private record Typed(RowSource.Batch batch, Table table, double fraction) {
    }

    private static RowSource.Batch prepend(String[] row, long line, RowSource.Batch batch) {
        List<String[]> rows = new ArrayList<>(batch.size() + 1);
        rows.add(row);
        rows.addAll(batch.rows());
        long[] lines = new long[rows.size()];
        lines[0] = line;
        System.arraycopy(batch.lines(), 0, lines, 1, batch.size());
        return new RowSource.Batch(rows, lines);
    }

    /** The {@code --keep} columns first, as they were in the input. */
    private Predictions withKept(Predictions predictions, RowSource.Batch batch, int[] kept) {
        if (kept.length == 0) {
            return predictions;
        }
        List<Predictions.Output> outputs = new ArrayList<>();
        for (int k = 0; k < kept.length; k++) {
            String[] values = new String[batch.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = batch.rows().get(r)[kept[k]];
            }
            outputs.add(new Predictions.Labels(settings.keep().get(k), values));
        }
        outputs.addAll(predictions.outputs());
        return new Predictions(outputs);
    }

    /** {@code .npy} / {@code .npz}: a tabular model takes a (rows, features) array in its feature order. */
    private void arrays(Optional<FeatureColumns> features, PredictionWriter writer) {
        Path file = Path.of(settings.input());
        Map<String, Tensor> inputs = settings.inputFormat() == InputFormat.NPY
                ? TensorInputs.npy(file, model, settings.input()) : TensorInputs.npz(file, model, settings.input());
        Progress none = new Progress(err, false);
        if (features.isPresent() && inputs.size() == 1) {
            Tensor matrix = inputs.values().iterator().next();
            write(writer, Predictions.ofTable(model, table(features.get(), matrix), settings.proba()), none, 1);
        } else {
            write(writer, Predictions.ofNamed(model, inputs, settings.proba()), none, 1);
        }
    }

    /** A (rows, features) array as a table in the model's feature order; NaN is a missing value. */
    private Table table(FeatureColumns features, Tensor matrix) {
        if (matrix.rank() != 2 || matrix.shape().dim(1) != features.count()) {
            throw new IncompatibleModelException(settings.input() + ": an array of shape " + matrix.shape() + ", but "
                    + label + " takes (rows, " + features.count() + ") in its feature order"
                    + (features.names().isEmpty() ? "" : " " + features.names()) + ".");
        }
        int n = Math.toIntExact(matrix.shape().dim(0));
        double[] values = matrix.toDoubleArray();
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < features.count(); j++) {
            double[] column = new double[n];
            for (int r = 0; r < n; r++) {
                column[r] = values[r * features.count() + j];
                if (Double.isNaN(column[r]) && !features.acceptsMissing().get(j)) {
                    throw new IncompatibleModelException(settings.input() + " row " + r + ", column " + j + " (\""
                            + features.name(j) + "\"): NaN (a missing value), and " + label + " does not accept"
                            + " missing values in this column (scikit-learn raises too).");
                }
            }
            columns.add(new Column.Numeric(features.names().isEmpty() ? "x" + j : features.names().get(j), column));
        }
        return new Table(columns);
    }

    private RowSource openRows(CountingInput in) throws IOException {
        return switch (settings.inputFormat()) {
            case CSV -> new DelimitedRowSource(in, ',', settings.input());
            case TSV -> new DelimitedRowSource(in, '\t', settings.input());
            case JSONL -> new JsonRowSource(in, settings.input());
            case PARQUET -> {
                in.close();   // Hardwood maps the file itself
                yield new ParquetRowSource(Path.of(settings.input()), settings.input());
            }
            case NPY, NPZ -> throw new IllegalStateException("arrays are not rows");
        };
    }

    private CountingInput open() throws IOException {
        if (settings.input().equals("-")) {
            return new CountingInput(System.in, -1);
        }
        Path file = Path.of(settings.input());
        try {
            return new CountingInput(Files.newInputStream(file), Files.size(file));
        } catch (NoSuchFileException e) {
            throw new dev.brine.core.ModelNotFoundException(settings.input() + ": no such file.");
        }
    }
}
