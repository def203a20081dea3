package dev.brine.cli.predict;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Table;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.onnx.OnnxModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one batch predicted, output by output in the order they are written: for a classifier the labels
 * ({@code prediction}) and with {@code --proba} the probabilities ({@code proba_<label>} columns); for a regressor its
 * values ({@code prediction}, or {@code output0..} for several); for a model with tensor outputs each output by name.
 */
record Predictions(List<Output> outputs) {

    Predictions {
        outputs = List.copyOf(outputs);
    }

    /** One output of a batch: rows along the first dimension. */
    sealed interface Output {
        String name();

        long rows();
    }

    /** Text per row: class labels, or input columns copied with {@code --keep}. */
    record Labels(String name, String[] values) implements Output {
        @Override
        public long rows() {
            return values.length;
        }
    }

    /**
     * Numbers: {@code columns} names the columns of a {@code (rows, k)} tensor in tables (CSV, JSON Lines); when empty
     * a rank-1 tensor is one column called {@code name} and anything else is one nested value per row.
     */
    record Values(String name, Tensor tensor, List<String> columns) implements Output {
        Values {
            columns = List.copyOf(columns);
        }

        @Override
        public long rows() {
            return tensor.rank() == 0 ? 1 : tensor.shape().dim(0);
        }
    }

    /** Refuses {@code --proba} for a model that has no probabilities, before anything is read. */
    static void checkProba(Model model, String label) {
        if (!(model instanceof Classifier)) {
            throw new IncompatibleModelException(label + ": --proba needs a classifier with class probabilities; this"
                    + " model (" + model.type() + ") predicts values, which are not probabilities. Drop --proba.");
        }
    }

    /** Predicts rows of a table. */
    static Predictions ofTable(Model model, Table table, boolean proba) {
        if (model instanceof TabularModel tabular) {
            Tensor predicted = tabular.predict(table);
            return of(model, predicted, proba && tabular instanceof TabularClassifier classifier
                    ? classifier.predictProba(table) : null);
        }
        return ofTensor(model, features(model, table), proba);
    }

    /** The table as the one (batch, features) tensor a network or ONNX model takes, in its dtype. */
    private static Tensor features(Model model, Table table) {
        Tensor matrix = table.toMatrix().toTensor();
        List<TensorSpec> inputs = model.signature().inputs();
        DType wanted = inputs.isEmpty() ? matrix.dtype() : inputs.getFirst().dtype();
        return wanted == matrix.dtype() ? matrix : matrix.to(wanted);
    }

    /** Predicts from the one input of a model. */
    static Predictions ofTensor(Model model, Tensor input, boolean proba) {
        Tensor predicted = model.predict(input);
        return of(model, predicted, proba && model instanceof Classifier classifier
                ? classifier.predictProba(input) : null);
    }

    /** Predicts from named inputs: every numeric output of an ONNX graph, by name. */
    static Predictions ofNamed(Model model, Map<String, Tensor> inputs, boolean proba) {
        if (inputs.size() == 1 && (model instanceof Classifier || !(model instanceof OnnxModel))) {
            return ofTensor(model, inputs.values().iterator().next(), proba);
        }
        if (!(model instanceof OnnxModel onnx)) {
            throw new IncompatibleModelException("the input holds " + inputs.size() + " arrays " + inputs.keySet()
                    + ", but this model (" + model.type() + ") takes one.");
        }
        List<Output> outputs = new ArrayList<>();
        // A scalar output is one row.
        onnx.run(inputs).forEach((name, tensor) -> outputs.add(new Values(name,
                tensor.rank() == 0 ? tensor.reshape(1) : tensor, List.of())));
        return new Predictions(outputs);
    }

    private static Predictions of(Model model, Tensor predicted, Tensor probabilities) {
        List<Output> outputs = new ArrayList<>();
        if (model instanceof Classifier classifier) {
            List<String> classes = classifier.classLabels();
            String[] labels = new String[Math.toIntExact(predicted.numElements())];
            for (int row = 0; row < labels.length; row++) {
                labels[row] = classes.get(Math.toIntExact(predicted.getLong(row)));
            }
            outputs.add(new Labels("prediction", labels));
            if (probabilities != null) {
                outputs.add(new Values("probabilities", probabilities,
                        classes.stream().map(label -> "proba_" + label).toList()));
            }
        } else if (model instanceof TabularModel || predicted.rank() <= 2) {
            int width = predicted.rank() == 2 ? Math.toIntExact(predicted.shape().dim(1)) : 1;
            List<String> columns = new ArrayList<>();
            for (int k = 0; width > 1 && k < width; k++) {
                columns.add("output" + k);
            }
            outputs.add(new Values(predicted.rank() == 2 && width > 1 ? "outputs" : "prediction",
                    predicted.rank() == 2 && width == 1 ? predicted.reshape(predicted.shape().dim(0)) : predicted,
                    columns));
        } else {
            String name = model.signature().outputs().isEmpty() ? "output"
                    : model.signature().outputs().getFirst().name();
            outputs.add(new Values(name, predicted, List.of()));
        }
        return new Predictions(outputs);
    }
}
