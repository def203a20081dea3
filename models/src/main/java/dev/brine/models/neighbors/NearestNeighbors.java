package dev.brine.models.neighbors;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.snapshot.SnapshotReader;
import dev.brine.models.tabular.Probabilities;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.TabularRegressor;
import dev.brine.models.tabular.TabularSignature;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * k-nearest-neighbours prediction as scikit-learn's {@code KNeighborsClassifier} and {@code KNeighborsRegressor}: the
 * k stored rows closest to a query (ties by stored order), weighted equally or by inverse distance (a query at
 * distance zero from some rows takes those rows only). Classifiers vote, regressors average. The stored rows are the
 * model, searched exhaustively (scikit-learn's trees only speed the same search up). Inference only.
 */
public abstract sealed class NearestNeighbors implements TabularModel
        permits NearestNeighbors.Classifier, NearestNeighbors.Regressor {

    public static final String CLASSIFIER = "k_neighbors_classifier";
    public static final String REGRESSOR = "k_neighbors_regressor";

    public enum Weights { UNIFORM, DISTANCE }

    private final Matrix fitX;
    private final int neighbours;
    private final Weights weights;
    private final DistanceMetric metric;
    private final List<String> featureNames;

    private NearestNeighbors(Matrix fitX, int neighbours, Weights weights, DistanceMetric metric,
                             List<String> featureNames) {
        if (neighbours < 1 || neighbours > fitX.rows()) {
            throw new IncompatibleModelException("k = " + neighbours + " neighbours of " + fitX.rows()
                    + " stored rows");
        }
        this.fitX = fitX;
        this.neighbours = neighbours;
        this.weights = weights;
        this.metric = metric;
        this.featureNames = List.copyOf(featureNames);
    }

    public static Classifier classifier(Matrix fitX, int[] classCodes, List<String> classLabels, int neighbours,
                                        Weights weights, DistanceMetric metric, List<String> featureNames) {
        return new Classifier(fitX, classCodes, classLabels, neighbours, weights, metric, featureNames);
    }

    public static Regressor regressor(Matrix fitX, double[] targets, int neighbours, Weights weights,
                                      DistanceMetric metric, List<String> featureNames) {
        return new Regressor(fitX, targets, neighbours, weights, metric, featureNames);
    }

    /** The k nearest stored rows of one query, nearest first, with their weights. */
    protected record Neighbourhood(int[] rows, double[] weights) {
    }

    protected Neighbourhood neighbourhood(Matrix input, int row) {
        int width = fitX.cols();
        int count = fitX.rows();
        double[] distances = new double[count];
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            distances[i] = metric.distance(input.values(), row * width, fitX.values(), i * width, width);
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> distances[a] != distances[b]
                ? Double.compare(distances[a], distances[b]) : Integer.compare(a, b));
        int[] nearest = new int[neighbours];
        double[] weight = new double[neighbours];
        boolean exact = false;
        for (int i = 0; i < neighbours; i++) {
            nearest[i] = order[i];
            exact |= distances[order[i]] == 0;
        }
        for (int i = 0; i < neighbours; i++) {
            double distance = distances[nearest[i]];
            weight[i] = weights == Weights.UNIFORM ? 1.0 : exact ? (distance == 0 ? 1.0 : 0.0) : 1.0 / distance;
        }
        return new Neighbourhood(nearest, weight);
    }

    @Override
    public int featureCount() {
        return fitX.cols();
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    protected Json.JsonObject config() {
        return Json.object().put("n_neighbors", neighbours).put("weights", weights.name().toLowerCase(java.util.Locale.ROOT))
                .put("p", metric.toJson()).build();
    }

    static NearestNeighbors restore(ModelSnapshot snapshot) {
        SnapshotReader reader = new SnapshotReader(snapshot, snapshot.type());
        int neighbours = reader.config(config -> Math.toIntExact(config.getLong("n_neighbors")));
        Weights weights = reader.config(config -> Weights.valueOf(config.getString("weights").toUpperCase(java.util.Locale.ROOT)));
        DistanceMetric metric = reader.config(config -> DistanceMetric.fromJson(config.get("p")));
        int features = TabularSignature.featureCount(snapshot);
        double[] x = reader.doubles("fit_x", -1, features);
        Matrix fitX = new Matrix(x.length / features, features, x);
        List<String> names = snapshot.signature().featureNames();
        if (snapshot.type().equals(REGRESSOR)) {
            return regressor(fitX, reader.doubles("targets", fitX.rows()), neighbours, weights, metric, names);
        }
        return classifier(fitX, reader.ints("targets", fitX.rows()), snapshot.classLabels(), neighbours, weights,
                metric, names);
    }

    public static final class Classifier extends NearestNeighbors implements TabularClassifier {
        private final int[] classCodes;
        private final List<String> classLabels;

        private Classifier(Matrix fitX, int[] classCodes, List<String> classLabels, int neighbours, Weights weights,
                           DistanceMetric metric, List<String> featureNames) {
            super(fitX, neighbours, weights, metric, featureNames);
            if (classCodes.length != fitX.rows()) {
                throw new IncompatibleModelException(classCodes.length + " classes for " + fitX.rows() + " rows");
            }
            for (int code : classCodes) {
                if (code < 0 || code >= classLabels.size()) {
                    throw new IncompatibleModelException("class code " + code + " outside the " + classLabels.size()
                            + " class labels");
                }
            }
            this.classCodes = classCodes.clone();
            this.classLabels = List.copyOf(classLabels);
        }

        /** Summed neighbour weights per class, {@code (n, classes)}. */
        private Matrix votes(Matrix input) {
            input.requireColumns(featureCount(), CLASSIFIER);
            Matrix out = Matrix.zeros(input.rows(), classLabels.size());
            for (int r = 0; r < input.rows(); r++) {
                Neighbourhood neighbourhood = neighbourhood(input, r);
                for (int i = 0; i < neighbourhood.rows().length; i++) {
                    int code = classCodes[neighbourhood.rows()[i]];
                    out.set(r, code, out.get(r, code) + neighbourhood.weights()[i]);
                }
            }
            return out;
        }

        /** The class with the most (weighted) votes, the first one on ties (scikit-learn's mode). */
        @Override
        public Tensor predict(Matrix input) {
            return Tensor.of(Probabilities.argmaxRows(votes(input)));
        }

        @Override
        public Matrix predictProba(Matrix input) {
            Matrix votes = votes(input);
            int classes = votes.cols();
            for (int r = 0; r < votes.rows(); r++) {
                double sum = 0;
                for (int k = 0; k < classes; k++) sum += votes.get(r, k);
                if (sum == 0) sum = 1;
                for (int k = 0; k < classes; k++) votes.set(r, k, votes.get(r, k) / sum);
            }
            return votes;
        }

        @Override
        public List<String> classLabels() {
            return classLabels;
        }

        @Override
        public String type() {
            return CLASSIFIER;
        }

        @Override
        public ModelSnapshot snapshot() {
            long[] codes = new long[classCodes.length];
            for (int i = 0; i < codes.length; i++) codes[i] = classCodes[i];
            return new ModelSnapshot(CLASSIFIER, config(), tensors(Tensor.of(codes)), signature(), classLabels,
                    Optional.empty());
        }
    }

    public static final class Regressor extends NearestNeighbors implements TabularRegressor {
        private final double[] targets;

        private Regressor(Matrix fitX, double[] targets, int neighbours, Weights weights, DistanceMetric metric,
                          List<String> featureNames) {
            super(fitX, neighbours, weights, metric, featureNames);
            if (targets.length != fitX.rows()) {
                throw new IncompatibleModelException(targets.length + " targets for " + fitX.rows() + " rows");
            }
            this.targets = targets.clone();
        }

        /** The mean of the neighbours' targets, weighted as configured. */
        @Override
        public Tensor predict(Matrix input) {
            input.requireColumns(featureCount(), REGRESSOR);
            double[] out = new double[input.rows()];
            for (int r = 0; r < out.length; r++) {
                Neighbourhood neighbourhood = neighbourhood(input, r);
                double sum = 0;
                double weightSum = 0;
                for (int i = 0; i < neighbourhood.rows().length; i++) {
                    sum += targets[neighbourhood.rows()[i]] * neighbourhood.weights()[i];
                    weightSum += neighbourhood.weights()[i];
                }
                out[r] = sum / weightSum;
            }
            return Tensor.of(out);
        }

        @Override
        public String type() {
            return REGRESSOR;
        }

        @Override
        public ModelSnapshot snapshot() {
            return new ModelSnapshot(REGRESSOR, config(), tensors(Tensor.of(targets)), signature(), List.of(),
                    Optional.empty());
        }
    }

    protected List<NamedTensor> tensors(Tensor targets) {
        List<NamedTensor> out = new ArrayList<>();
        out.add(new NamedTensor("fit_x", fitX.toTensor(), TensorRole.PARAMETER));
        out.add(new NamedTensor("targets", targets, TensorRole.PARAMETER));
        return out;
    }
}
