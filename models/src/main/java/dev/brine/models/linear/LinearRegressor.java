package dev.brine.models.linear;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.TabularSignature;

import java.util.List;
import java.util.Optional;

/**
 * A fitted linear regressor, {@code y = X·coefᵀ + intercept}, whichever {@link LinearRegressorSpec} made it. Saved
 * as {@code coef} {@code (outputs, features)} and {@code intercept} {@code (outputs)}, scikit-learn's layout.
 */
public final class LinearRegressor implements TabularModel {

    private final LinearRegressorSpec spec;
    private final double[] coef;
    private final double[] intercept;
    private final int featureCount;
    private final List<String> featureNames;

    /** {@code coef} is row-major {@code (intercept.length, features)}. */
    public LinearRegressor(LinearRegressorSpec spec, double[] coef, double[] intercept, List<String> featureNames) {
        if (intercept.length == 0 || coef.length % intercept.length != 0) {
            throw new IllegalArgumentException(coef.length + " coefficients do not split into " + intercept.length
                    + " outputs");
        }
        this.spec = spec;
        this.coef = coef.clone();
        this.intercept = intercept.clone();
        this.featureCount = coef.length / intercept.length;
        this.featureNames = List.copyOf(featureNames);
    }

    public LinearRegressorSpec spec() {
        return spec;
    }

    /** Coefficients of output 0 (the only one for a single-target fit). */
    public double[] coefficients() {
        return java.util.Arrays.copyOf(coef, featureCount);
    }

    public double intercept() {
        return intercept[0];
    }

    @Override
    public String type() {
        return spec.typeName();
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public Signature signature() {
        return TabularSignature.regressor(featureCount, featureNames, intercept.length);
    }

    @Override
    public Tensor predict(Matrix input) {
        input.requireColumns(featureCount, type());
        int outputs = intercept.length;
        double[] values = input.values();
        double[] out = new double[input.rows() * outputs];
        for (int r = 0; r < input.rows(); r++) {
            int offset = r * featureCount;
            for (int k = 0; k < outputs; k++) {
                double sum = intercept[k];
                int coefOffset = k * featureCount;
                for (int c = 0; c < featureCount; c++) sum += values[offset + c] * coef[coefOffset + c];
                out[r * outputs + k] = sum;
            }
        }
        return outputs == 1 ? Tensor.of(out) : Tensor.of(out, input.rows(), outputs);
    }

    @Override
    public ModelSnapshot snapshot() {
        Json.JsonObject config = Json.object().put("params", spec.toJson()).put("outputs", intercept.length).build();
        return new ModelSnapshot(type(), config, List.of(
                new NamedTensor("coef", Tensor.of(coef, intercept.length, featureCount), TensorRole.PARAMETER),
                new NamedTensor("intercept", Tensor.of(intercept), TensorRole.PARAMETER)),
                signature(), List.of(), Optional.empty());
    }

    static LinearRegressor restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, snapshot.type());
        LinearRegressorSpec spec = reader.config(config -> {
            Json.JsonObject params = config.getObject("params");
            return switch (snapshot.type()) {
                case LinearRegression.TYPE -> LinearRegression.fromJson(params);
                case Ridge.TYPE -> Ridge.fromJson(params);
                case Lasso.TYPE -> Lasso.fromJson(params);
                case ElasticNet.TYPE -> ElasticNet.fromJson(params);
                default -> throw new UnsupportedModelException("not a linear regressor type: " + snapshot.type());
            };
        });
        int outputs = reader.config(config -> Math.toIntExact(config.getLong("outputs")));
        double[] coef = reader.doubles("coef", outputs, -1);
        double[] intercept = reader.doubles("intercept", outputs);
        return new LinearRegressor(spec, coef, intercept, snapshot.signature().featureNames());
    }
}
