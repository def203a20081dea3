package dev.brine.server;

import dev.brine.core.json.Json;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelType;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.util.List;
import java.util.Optional;

/** Test model: two classes, P(second) = sigmoid(X·w + b), computed honestly. */
record ThresholdClassifier(double[] weights, double bias, List<String> classLabels, List<String> featureNames)
        implements Classifier {
    static final String TYPE = "test_threshold_classifier";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Signature signature() {
        return new Signature(List.of(new TensorSpec("input", DType.F64, new long[] {-1, weights.length})),
                List.of(new TensorSpec("label", DType.I64, new long[] {-1})), featureNames);
    }

    @Override
    public Tensor predictProba(Tensor input) {
        int rows = Math.toIntExact(input.shape().dim(0));
        double[] out = new double[rows * 2];
        for (int row = 0; row < rows; row++) {
            double score = bias;
            for (int column = 0; column < weights.length; column++) {
                score += weights[column] * input.getDouble((long) row * weights.length + column);
            }
            double positive = 1 / (1 + Math.exp(-score));
            out[2 * row] = 1 - positive;
            out[2 * row + 1] = positive;
        }
        return Tensor.of(out, rows, 2);
    }

    @Override
    public Tensor predict(Tensor input) {
        Tensor proba = predictProba(input);
        long rows = proba.shape().dim(0);
        long[] labels = new long[(int) rows];
        for (int row = 0; row < rows; row++) {
            labels[row] = proba.getDouble(2L * row + 1) > 0.5 ? 1 : 0;
        }
        return Tensor.of(labels, rows);
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(TYPE, Json.JsonObject.EMPTY, List.of(
                new NamedTensor("weights", Tensor.of(weights.clone()), TensorRole.PARAMETER),
                new NamedTensor("bias", Tensor.of(new double[] {bias}), TensorRole.PARAMETER)),
                signature(), classLabels, Optional.empty());
    }

    public static final class Type implements ModelType {
        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Model restore(ModelSnapshot snapshot) {
            return new ThresholdClassifier(snapshot.tensor("weights").tensor().toDoubleArray(),
                    snapshot.tensor("bias").tensor().getDouble(0), snapshot.classLabels(),
                    snapshot.signature().featureNames());
        }
    }
}
