package dev.brine.cli;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Models;
import dev.brine.core.io.AtomicFile;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Table;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "predict", description = "Batch prediction from a CSV file with a header row. Writes a CSV with a"
        + " header row: `prediction` for one output (the class label for classifiers), `output0..` for several,"
        + " plus `proba_<label>` columns with --proba.")
final class PredictCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "A model file in any readable format, or models:/NAME@ALIAS.")
    String modelArgument;

    @picocli.CommandLine.Mixin
    RegistryFlags registryFlags;

    @Option(names = "--input", required = true, paramLabel = "X.csv", description = "Rows to predict, with a header.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT.csv", description = "Where to write predictions.")
    Path output;

    @Option(names = "--proba", description = "Add class probabilities (classifiers).")
    boolean proba;

    @picocli.CommandLine.Mixin
    LoadFlags loadFlags;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Model model = Models.load(registryFlags.localFile(modelArgument), loadFlags.options());
        Table table = CsvTable.read(input);
        List<List<String>> columns = new ArrayList<>();
        List<String> header = new ArrayList<>();
        // Tabular models (pipelines included) take the table itself: text columns reach their encoders.
        Tensor features = model instanceof TabularModel ? null : features(model.signature(), table);
        Tensor predictions = model instanceof TabularModel tabular ? tabular.predict(table) : model.predict(features);
        if (model instanceof Classifier classifier) {
            header.add("prediction");
            List<String> labels = new ArrayList<>();
            for (long row = 0; row < predictions.numElements(); row++) {
                labels.add(classifier.classLabels().get((int) predictions.getLong(row)));
            }
            columns.add(labels);
            if (proba) {
                Tensor probabilities = classifier instanceof TabularClassifier tabular
                        ? tabular.predictProba(table) : classifier.predictProba(features);
                int classes = classifier.classLabels().size();
                for (int k = 0; k < classes; k++) {
                    header.add("proba_" + classifier.classLabels().get(k));
                    columns.add(column(probabilities, k, classes));
                }
            }
        } else {
            if (proba) {
                throw new IncompatibleModelException(modelArgument + ": --proba needs a classifier; this model ("
                        + model.type() + ") predicts values.");
            }
            int outputs = predictions.rank() == 2 ? (int) predictions.shape().dim(1) : 1;
            for (int k = 0; k < outputs; k++) {
                header.add(outputs == 1 ? "prediction" : "output" + k);
                columns.add(column(predictions, k, outputs));
            }
        }
        write(header, columns, table.rowCount());
        spec.commandLine().getOut().println("wrote " + table.rowCount() + " predictions to " + output);
        return 0;
    }

    /**
     * Input columns match by name when the model knows its feature names (extra columns are ignored), else by
     * position, which needs exactly as many columns as the model has inputs.
     */
    private Tensor features(Signature signature, Table table) {
        Table selected = table;
        List<String> names = signature.featureNames();
        if (!names.isEmpty() && names.stream().allMatch(table::has)) {
            selected = table.select(names);
        } else {
            long expected = expectedColumns(signature);
            if (expected >= 0 && expected != table.columnCount()) {
                throw new IncompatibleModelException(input + ": " + table.columnCount() + " columns "
                        + table.names() + ", but the model takes " + expected + " features"
                        + (names.isEmpty() ? "" : " named " + names) + ". Give exactly those columns.");
            }
        }
        Tensor matrix = selected.toMatrix().toTensor();
        DType wanted = signature.inputs().isEmpty() ? matrix.dtype() : signature.inputs().getFirst().dtype();
        return wanted == matrix.dtype() || !wanted.isFloatingPoint() ? matrix : matrix.to(wanted);
    }

    private static long expectedColumns(Signature signature) {
        if (signature.inputs().isEmpty()) {
            return -1;
        }
        TensorSpec first = signature.inputs().getFirst();
        long[] shape = first.shape();
        return shape.length == 2 ? shape[1] : -1;
    }

    /** Column {@code k} of a (rows, width) tensor, or the tensor itself when it is one-dimensional. */
    private static List<String> column(Tensor values, int k, int width) {
        long rows = values.rank() == 2 ? values.shape().dim(0) : values.numElements();
        List<String> out = new ArrayList<>((int) rows);
        for (long row = 0; row < rows; row++) {
            long index = values.rank() == 2 ? row * width + k : row;
            out.add(format(values, index));
        }
        return out;
    }

    /** The shortest text that reads back to the same value in the tensor's own precision. */
    private static String format(Tensor values, long index) {
        return switch (values.dtype().kind()) {
            case FLOAT -> values.dtype() == DType.F64 ? Double.toString(values.getDouble(index))
                    : Float.toString(values.getFloat(index));
            case SIGNED, UNSIGNED, BOOL -> Long.toString(values.getLong(index));
        };
    }

    private void write(List<String> header, List<List<String>> columns, int rows) {
        StringBuilder text = new StringBuilder();
        text.append(String.join(",", header.stream().map(PredictCommand::quote).toList())).append('\n');
        for (int row = 0; row < rows; row++) {
            for (int k = 0; k < columns.size(); k++) {
                if (k > 0) {
                    text.append(',');
                }
                text.append(quote(columns.get(k).get(row)));
            }
            text.append('\n');
        }
        AtomicFile.write(output, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String cell) {
        boolean needsQuotes = cell.contains(",") || cell.contains("\"") || cell.contains("\n");
        return needsQuotes ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
