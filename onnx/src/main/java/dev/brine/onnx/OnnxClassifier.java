package dev.brine.onnx;

import dev.brine.core.CorruptModelException;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.onnx.proto.OnnxGraph;
import dev.brine.onnx.proto.OnnxParts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX classifier (sklearn-onnx layout, see {@link ClassifierOutputs}): {@link #predict} returns indices into
 * {@link #classLabels()} as Brine's contract asks, {@link #predictProba} the probabilities in label order, whether
 * the graph returns them as ZipMap rows or as a tensor.
 */
public final class OnnxClassifier extends OnnxModel implements Classifier {
    private final ClassifierOutputs outputs;
    private final Map<String, Integer> indexOfLabel = new HashMap<>();

    OnnxClassifier(String source, OnnxParts parts, OnnxGraph graph, dev.brine.core.Limits limits,
                   ClassifierOutputs outputs) {
        super(source, parts, graph, limits);
        this.outputs = outputs;
        for (int i = 0; i < outputs.labels().size(); i++) {
            indexOfLabel.put(outputs.labels().get(i), i);
        }
    }

    @Override
    public List<String> classLabels() {
        return outputs.labels();
    }

    @Override
    public Signature signature() {
        return new Signature(specs(graph().realInputs()), List.of(
                new TensorSpec(outputs.labelOutput(), DType.I64, new long[] {-1}),
                new TensorSpec(outputs.probabilityOutput(), DType.F64, new long[] {-1, outputs.labels().size()})));
    }

    @Override
    public Tensor predict(Tensor input) {
        OrtValues.Output labels = runBatched(input, List.of(outputs.labelOutput())).get(outputs.labelOutput());
        String[] predicted = switch (labels) {
            case OrtValues.Output.Strings strings -> strings.values();
            case OrtValues.Output.Numeric numeric -> java.util.Arrays.stream(numeric.tensor().toLongArray())
                    .mapToObj(Long::toString).toArray(String[]::new);
            case OrtValues.Output.MapRows ignored -> throw new CorruptModelException(source() + ": output \""
                    + outputs.labelOutput() + "\" holds maps, not labels.");
        };
        long[] indices = new long[predicted.length];
        for (int row = 0; row < predicted.length; row++) {
            Integer index = indexOfLabel.get(predicted[row]);
            if (index == null) {
                throw new CorruptModelException(source() + ": the model predicted label \"" + predicted[row]
                        + "\", which is not among its class labels " + outputs.labels() + ".");
            }
            indices[row] = index;
        }
        return Tensor.of(indices);
    }

    @Override
    public Tensor predictProba(Tensor input) {
        OrtValues.Output probabilities = runBatched(input, List.of(outputs.probabilityOutput()))
                .get(outputs.probabilityOutput());
        int classes = outputs.labels().size();
        return switch (probabilities) {
            case OrtValues.Output.Numeric numeric -> {
                Tensor tensor = numeric.tensor();
                if (tensor.rank() != 2 || tensor.shape().dim(1) != classes) {
                    throw new CorruptModelException(source() + ": probabilities have shape " + tensor.shape()
                            + " but the model has " + classes + " classes.");
                }
                yield tensor.to(DType.F64);
            }
            case OrtValues.Output.MapRows rows -> {
                double[] values = new double[rows.rows().size() * classes];
                for (int row = 0; row < rows.rows().size(); row++) {
                    for (int column = 0; column < classes; column++) {
                        Double value = rows.rows().get(row).get(outputs.labels().get(column));
                        if (value == null) {
                            throw new CorruptModelException(source() + ": row " + row + " of the probabilities"
                                    + " has no entry for class \"" + outputs.labels().get(column) + "\".");
                        }
                        values[row * classes + column] = value;
                    }
                }
                yield Tensor.of(values, rows.rows().size(), classes);
            }
            case OrtValues.Output.Strings ignored -> throw new CorruptModelException(source() + ": output \""
                    + outputs.probabilityOutput() + "\" holds strings, not probabilities.");
        };
    }

    @Override
    public ModelSnapshot snapshot() {
        ModelSnapshot base = super.snapshot();
        return new ModelSnapshot(base.type(), base.config(), base.tensors(), signature(), classLabels(),
                base.training());
    }
}
