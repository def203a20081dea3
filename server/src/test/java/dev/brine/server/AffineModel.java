package dev.brine.server;

import dev.brine.core.json.Json;
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

/** Test model: y = X·w + b, computed honestly, saved and restored like any Brine model. */
record AffineModel(double[] weights, double bias, List<String> featureNames) implements Model {
    static final String TYPE = "test_affine";

    static AffineModel of(double bias, double... weights) {
        return new AffineModel(weights, bias, List.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Signature signature() {
        return new Signature(List.of(new TensorSpec("input", DType.F64, new long[] {-1, weights.length})),
                List.of(new TensorSpec("prediction", DType.F64, new long[] {-1})), featureNames);
    }

    @Override
    public Tensor predict(Tensor input) {
        int rows = Math.toIntExact(input.shape().dim(0));
        double[] out = new double[rows];
        for (int row = 0; row < rows; row++) {
            double sum = bias;
            for (int column = 0; column < weights.length; column++) {
                sum += weights[column] * input.getDouble((long) row * weights.length + column);
            }
            out[row] = sum;
        }
        return Tensor.of(out, rows);
    }

    @Override
    public ModelSnapshot snapshot() {
        return new ModelSnapshot(TYPE, Json.JsonObject.EMPTY, List.of(
                new NamedTensor("weights", Tensor.of(weights.clone()), TensorRole.PARAMETER),
                new NamedTensor("bias", Tensor.of(new double[] {bias}), TensorRole.PARAMETER)),
                signature(), List.of(), Optional.empty());
    }

    public static final class Type implements ModelType {
        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Model restore(ModelSnapshot snapshot) {
            return new AffineModel(snapshot.tensor("weights").tensor().toDoubleArray(),
                    snapshot.tensor("bias").tensor().getDouble(0), snapshot.signature().featureNames());
        }
    }
}
