package dev.brine.models.tree;

import dev.brine.models.data.Labels;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.Target;
import dev.brine.models.tabular.Probabilities;

import java.util.List;

/**
 * The loss a boosted model descends, as scikit-learn 1.2's {@code _gb_losses}: its initial raw scores (the mean, the
 * log-odds or the log class priors), the negative gradients trees are fitted to, and the Newton step that replaces a
 * classification tree's leaf values.
 */
sealed interface BoostingLoss permits BoostingLoss.Squared, BoostingLoss.Binomial, BoostingLoss.Multinomial {

    /** scikit-learn clips class priors to [ε, 1 − ε] with float32's ε before taking logs. */
    double PRIOR_EPSILON = Math.ulp(1.0f);

    /** Raw scores per row: 1 for regression and two classes, one per class otherwise. */
    int scoreCount();

    double[] initialScores();

    /** Negative gradient of row {@code row} for score {@code k}, given the row's current raw scores. */
    double residual(int row, int k, double[] scores);

    /** Whether leaf values are re-estimated by a Newton step (classification) or kept as the mean residual. */
    boolean newtonLeaves();

    /** Newton leaf value from Σ residual and Σ hessian over the leaf's rows. */
    double leafValue(double residualSum, double hessianSum);

    /** The hessian term of one row, from its residual: p(1 − p) written in the residual (as scikit-learn does). */
    double hessian(int row, int k, double residual);

    List<String> classes();

    static BoostingLoss of(Target y, boolean classification, String type) {
        if (!classification) {
            return new Squared(EstimatorSpec.values(y, type));
        }
        Labels labels = EstimatorSpec.classes(y, type);
        if (labels.classCount() < 2) {
            throw new IllegalArgumentException(type + " needs at least two classes, the labels have "
                    + labels.classes());
        }
        return labels.classCount() == 2 ? new Binomial(labels) : new Multinomial(labels);
    }

    record Squared(double[] targets) implements BoostingLoss {
        @Override
        public int scoreCount() {
            return 1;
        }

        @Override
        public double[] initialScores() {
            double sum = 0;
            for (double t : targets) sum += t;
            return new double[] {sum / targets.length};
        }

        @Override
        public double residual(int row, int k, double[] scores) {
            return targets[row] - scores[0];
        }

        @Override
        public boolean newtonLeaves() {
            return false;
        }

        @Override
        public double leafValue(double residualSum, double hessianSum) {
            throw new UnsupportedOperationException("squared-error leaves keep their mean");
        }

        @Override
        public double hessian(int row, int k, double residual) {
            return 1;
        }

        @Override
        public List<String> classes() {
            return List.of();
        }
    }

    record Binomial(Labels labels) implements BoostingLoss {
        @Override
        public int scoreCount() {
            return 1;
        }

        @Override
        public double[] initialScores() {
            double positive = 0;
            for (int code : labels.codes()) positive += code;
            double p = clip(positive / labels.size());
            return new double[] {Math.log(p / (1 - p))};
        }

        @Override
        public double residual(int row, int k, double[] scores) {
            return labels.codes()[row] - Probabilities.sigmoid(scores[0]);
        }

        @Override
        public boolean newtonLeaves() {
            return true;
        }

        @Override
        public double leafValue(double residualSum, double hessianSum) {
            return Math.abs(hessianSum) < 1e-150 ? 0 : residualSum / hessianSum;
        }

        @Override
        public double hessian(int row, int k, double residual) {
            double y = labels.codes()[row];
            return (y - residual) * (1 - y + residual);
        }

        @Override
        public List<String> classes() {
            return labels.classes();
        }
    }

    record Multinomial(Labels labels) implements BoostingLoss {
        @Override
        public int scoreCount() {
            return labels.classCount();
        }

        @Override
        public double[] initialScores() {
            double[] counts = new double[labels.classCount()];
            for (int code : labels.codes()) counts[code]++;
            for (int k = 0; k < counts.length; k++) counts[k] = Math.log(clip(counts[k] / labels.size()));
            return counts;
        }

        @Override
        public double residual(int row, int k, double[] scores) {
            double max = Double.NEGATIVE_INFINITY;
            for (double s : scores) max = Math.max(max, s);
            double sum = 0;
            for (double s : scores) sum += Math.exp(s - max);
            double p = Math.exp(scores[k] - max) / sum;
            return (labels.codes()[row] == k ? 1 : 0) - p;
        }

        @Override
        public boolean newtonLeaves() {
            return true;
        }

        @Override
        public double leafValue(double residualSum, double hessianSum) {
            int classes = labels.classCount();
            return Math.abs(hessianSum) < 1e-150 ? 0 : (classes - 1.0) / classes * residualSum / hessianSum;
        }

        @Override
        public double hessian(int row, int k, double residual) {
            double y = labels.codes()[row] == k ? 1 : 0;
            return (y - residual) * (1 - y + residual);
        }

        @Override
        public List<String> classes() {
            return labels.classes();
        }
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, PRIOR_EPSILON), 1 - PRIOR_EPSILON);
    }
}
