package dev.brine.cli;

import dev.brine.cli.predict.BatchPrediction;
import dev.brine.cli.predict.InputFormat;
import dev.brine.cli.predict.OutputFormat;
import dev.brine.core.CorruptModelException;
import dev.brine.core.Models;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.Model;
import dev.brine.python.PickleScanner;
import dev.brine.python.ScanReport;
import dev.brine.python.numpy.NumpyModelReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "predict", description = "Batch prediction. Tables (CSV, TSV, JSON Lines, Parquet) are matched to the"
        + " model's features by column name; tensors (.npy, .npz, JSON Lines naming each input) feed its inputs. Writes CSV,"
        + " JSON Lines, .npy or .npz: `prediction` (the class label for classifiers), `output0..` for several values,"
        + " `proba_<label>` with --proba, or each output by name.")
final class PredictCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "A model file in any readable format, or models:/NAME@ALIAS.")
    String modelArgument;

    @picocli.CommandLine.Mixin
    RegistryFlags registryFlags;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Rows or tensors to predict:"
            + " .csv, .tsv, .jsonl, .parquet, .npy or .npz; - reads CSV from standard input.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write predictions:"
            + " .csv, .jsonl, .npy or .npz; - writes CSV to standard output.")
    String output;

    @Option(names = "--input-format", paramLabel = "csv|tsv|jsonl|parquet|npy|npz",
            description = "The input's format when its name does not say (standard input).")
    String inputFormat;

    @Option(names = "--output-format", paramLabel = "csv|jsonl|npy|npz",
            description = "The output's format when its name does not say (standard output).")
    String outputFormat;

    @Option(names = "--proba", description = "Add class probabilities (classifiers only).")
    boolean proba;

    @Option(names = "--by-position", description = "The file has no header row: its columns are the model's"
            + " features in the model's order.")
    boolean byPosition;

    @Option(names = "--keep", split = ",", paramLabel = "COLUMN", description = "Copy these input columns (e.g. an"
            + " id) to the output, before the predictions; they are not features.")
    List<String> keep = List.of();

    @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "8192",
            description = "Rows predicted at a time (default ${DEFAULT-VALUE}); memory grows with it.")
    int batchSize;

    @picocli.CommandLine.Mixin
    LoadFlags loadFlags;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BatchPrediction.Settings settings = new BatchPrediction.Settings(input,
                InputFormat.of(input, parse(InputFormat.class, inputFormat, "--input-format")), output,
                OutputFormat.of(output, parse(OutputFormat.class, outputFormat, "--output-format")), proba,
                byPosition, keep, batchSize);
        Path file = registryFlags.localFile(modelArgument);
        if (Models.formatOf(file).equals(NumpyModelReader.FORMAT)) {
            refuseArrayFile(file);
        }
        Model model = Models.load(file, loadFlags.options());
        String summary = BatchPrediction.run(model, modelArgument, settings, spec.commandLine().getOut(),
                spec.commandLine().getErr());
        (output.equals("-") ? spec.commandLine().getErr() : spec.commandLine().getOut()).println(summary);
        return 0;
    }

    /**
     * An array file given as the model: the scan's verdict first (a hostile object array is exit 3, a damaged file
     * exit 4, as `brine scan` says), then exit 5 saying what the file is.
     */
    private void refuseArrayFile(Path file) {
        ScanReport report = PickleScanner.scan(file);
        switch (report.verdict()) {
            case UNSAFE -> throw new UnsafeModelException(modelArgument + ": a numpy file whose object array names "
                    + report.findings().stream().filter(finding -> !finding.global().allowed())
                    .map(finding -> finding.global().qualifiedName()).distinct().toList()
                    + ", which could run code. Nothing was loaded; `brine scan " + modelArgument + "` lists it.");
            case MALFORMED -> throw new CorruptModelException(modelArgument + ": a damaged numpy file: "
                    + report.problem().map(ScanReport.Problem::message).orElse("unreadable") + ".");
            case SAFE -> { }
        }
        String arrays;
        try {
            arrays = " (" + String.join("; ", NumpyModelReader.describe(Models.load(file, loadFlags.options())
                    .snapshot().tensors())) + ")";
        } catch (UnsupportedModelException | UnsafeModelException e) {
            // Text arrays have no tensor form and object arrays are not read (the scan found nothing to refuse in
            // their pickle): still data. A damaged file is exit 4 from here.
            arrays = "";
        }
        throw new UnsupportedModelException(modelArgument + " is a numpy array file" + arrays + ", not a model."
                + " Pass it as --input to a model, or convert it with `brine convert`.");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String flag) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + value + ": not one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .toList() + ".");
        }
    }
}
