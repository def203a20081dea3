package dev.brine.cli;

import dev.brine.cli.predict.BatchPrediction;
import dev.brine.cli.predict.InputFormat;
import dev.brine.cli.predict.OutputFormat;
import dev.brine.core.Models;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.Model;
import dev.brine.python.numpy.NumpyModelReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "predict", description = "Batch prediction. Tables (CSV, TSV, JSON Lines) are matched to the model's"
        + " features by column name; tensors (.npy, .npz, JSON Lines naming each input) feed its inputs. Writes CSV,"
        + " JSON Lines, .npy or .npz: `prediction` (the class label for classifiers), `output0..` for several values,"
        + " `proba_<label>` with --proba, or each output by name.")
final class PredictCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "A model file in any readable format, or models:/NAME@ALIAS.")
    String modelArgument;

    @picocli.CommandLine.Mixin
    RegistryFlags registryFlags;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Rows or tensors to predict:"
            + " .csv, .tsv, .jsonl, .npy or .npz; - reads CSV from standard input.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write predictions:"
            + " .csv, .jsonl, .npy or .npz; - writes CSV to standard output.")
    String output;

    @Option(names = "--input-format", paramLabel = "csv|tsv|jsonl|npy|npz",
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
        Model model = Models.load(file, loadFlags.options());
        if (Models.formatOf(file).equals(NumpyModelReader.FORMAT)) {
            // Loading it checked it: an object array (a pickle) was refused as unsafe, a damaged file as corrupt.
            throw new UnsupportedModelException(modelArgument + " is a numpy array file ("
                    + String.join("; ", NumpyModelReader.describe(model.snapshot().tensors()))
                    + "), not a model. Pass it as --input to a model, or convert it with `brine convert`.");
        }
        String summary = BatchPrediction.run(model, modelArgument, settings, spec.commandLine().getOut(),
                spec.commandLine().getErr());
        (output.equals("-") ? spec.commandLine().getErr() : spec.commandLine().getOut()).println(summary);
        return 0;
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
