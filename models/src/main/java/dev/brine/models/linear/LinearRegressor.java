package dev.brine.models.linear;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.DoubleRows;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.IncrementalModel;
import dev.brine.models.tabular.Target;
import dev.brine.models.tabular.TabularSignature;

import java.util.List;
import java.util.Optional;

/**
 * A fitted linear regressor, {@code y = X·coefᵀ + intercept}, whichever {@link LinearRegressorSpec} made it. Saved
 * as {@code coef} {@code (outputs, features)} and {@code intercept} {@code (outputs)}, scikit-learn's layout.
 * A fitted model also keeps its sufficient statistics ({@code moments_*}, training state), so {@link #partialFit}
 * can continue on new rows, even after a save and load, solving the same problem as a fit on all rows at once.
 */
public final class LinearRegressor implements IncrementalModel {

    private final LinearRegressorSpec spec;
    private final double[] coef;
    private final double[] intercept;
    private final int featureCount;
    private final List<String> featureNames;
    private final Moments moments;

    /** {@code coef} is row-major {@code (intercept.length, features)}. */
    public LinearRegressor(LinearRegressorSpec spec, double[] coef, double[] intercept, List<String> featureNames) {
        this(spec, coef, intercept, featureNames, null);
    }

    LinearRegressor(LinearRegressorSpec spec, double[] coef, double[] intercept, List<String> featureNames,
                    Moments moments) {
        if (intercept.length == 0 || coef.length % intercept.length != 0) {
            throw new IllegalArgumentException(coef.length + " coefficients do not split into " + intercept.length
                    + " outputs");
        }
        this.spec = spec;
        this.coef = coef.clone();
        this.intercept = intercept.clone();
        this.featureCount = coef.length / intercept.length;
        this.featureNames = List.copyOf(featureNames);
        this.moments = moments;
    }

    /**
     * This model refitted on its earlier rows plus {@code x, y}, from its sufficient statistics (scikit-learn's
     * {@code partial_fit} in spirit, but exact: least squares and ridge give the coefficients of one fit on all rows
     * to rounding, lasso and elastic net the same optimum to the solver's tolerance), for a model saved with its
     * training state. The merged statistics stay with the result, so it can continue again.
     */
    public LinearRegressor partialFit(Matrix x, double[] y) {
        x.requireColumns(featureCount, type());
        if (moments == null) {
            throw new IncompatibleModelException("this " + type() + " has no sufficient statistics to continue from: "
                    + "it was saved without its training state (a weights-only save, or a model converted from "
                    + "scikit-learn); refit it on all rows");
        }
        Moments merged = moments.merge(Moments.of(x, y, spec.fitIntercept()));
        double[] solved = spec.solveMoments(merged, coefficients());
        double constant = 0;
        if (spec.fitIntercept()) {
            constant = merged.yMean();
            for (int c = 0; c < solved.length; c++) constant -= merged.xMean()[c] * solved[c];
        }
        return new LinearRegressor(spec, solved, new double[] {constant}, featureNames, merged);
    }

    @Override
    public LinearRegressor partialFit(Matrix x, Target y) {
        return partialFit(x, EstimatorSpec.values(y, type()));
    }

    /** Rows fitted so far, when the statistics are kept. */
    public java.util.OptionalLong rowsSeen() {
        return moments == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(moments.count());
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
        return predict(DoubleRows.of(input));
    }

    /** An F64 batch is read where it lies, without the copy into a {@link Matrix}. */
    @Override
    public Tensor predict(Tensor input) {
        return predict(DoubleRows.of(input));
    }

    private Tensor predict(DoubleRows input) {
        input.requireColumns(featureCount, type());
        double[] out = AffineRows.apply(input, coef, intercept);
        return intercept.length == 1 ? Tensor.of(out) : Tensor.of(out, input.rows(), intercept.length);
    }

    @Override
    public ModelSnapshot snapshot() {
        Json.JsonObject config = Json.object().put("params", spec.toJson()).put("outputs", intercept.length).build();
        List<NamedTensor> tensors = new java.util.ArrayList<>(List.of(
                new NamedTensor("coef", Tensor.of(coef, intercept.length, featureCount), TensorRole.PARAMETER),
                new NamedTensor("intercept", Tensor.of(intercept), TensorRole.PARAMETER)));
        if (moments != null) {
            tensors.add(new NamedTensor("moments_count", Tensor.of(new long[] {moments.count()}), TensorRole.TRAINING_STATE));
            tensors.add(new NamedTensor("moments_x_mean", Tensor.of(moments.xMean()), TensorRole.TRAINING_STATE));
            tensors.add(new NamedTensor("moments_y_mean", Tensor.of(new double[] {moments.yMean()}),
                    TensorRole.TRAINING_STATE));
            tensors.add(new NamedTensor("moments_sxx", Tensor.of(moments.sxx(), featureCount, featureCount),
                    TensorRole.TRAINING_STATE));
            tensors.add(new NamedTensor("moments_sxy", Tensor.of(moments.sxy()), TensorRole.TRAINING_STATE));
            if (!Double.isNaN(moments.syy())) {
                tensors.add(new NamedTensor("moments_syy", Tensor.of(new double[] {moments.syy()}),
                        TensorRole.TRAINING_STATE));
            }
        }
        return new ModelSnapshot(type(), config, tensors, signature(), List.of(), Optional.empty());
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
        int outputs = reader.config(config -> {
            int count = Math.toIntExact(config.getLong("outputs"));
            if (count < 1) throw new IllegalArgumentException("outputs must be >= 1, got " + count);
            return count;
        });
        double[] coef = reader.doubles("coef", outputs, -1);
        double[] intercept = reader.doubles("intercept", outputs);
        int features = coef.length / outputs;
        Moments moments = !reader.has("moments_count") ? null : new Moments(reader.longs("moments_count", 1)[0],
                reader.doubles("moments_x_mean", features), reader.doubles("moments_y_mean", 1)[0],
                reader.doubles("moments_sxx", features, features), reader.doubles("moments_sxy", features),
                reader.has("moments_syy") ? reader.doubles("moments_syy", 1)[0] : Double.NaN);
        return new LinearRegressor(spec, coef, intercept, snapshot.signature().featureNames(), moments);
    }
}
