package dev.brine.python.sklearn;

import dev.brine.models.tree.Boosting;
import dev.brine.models.tree.BoostingSpec;
import dev.brine.models.tree.Criterion;
import dev.brine.models.tree.Tree;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;

/**
 * GradientBoostingClassifier / Regressor (docs/python-formats.md): the object array {@code estimators_} of regression trees
 * (stages × scores), the learning rate, and the initial raw scores, which scikit-learn computes from its
 * {@code init_} estimator (a {@code DummyClassifier}'s class priors through the loss's link, a
 * {@code DummyRegressor}'s constant, or zero). Brine's {@link Boosting} predicts
 * {@code init + learning_rate · Σ trees} through the logistic function or softmax, as scikit-learn does. The
 * exponential loss's probabilities are the logistic of twice the raw score, so its initial scores and learning rate
 * are stored doubled (exactly: doubling is exact in binary floating point).
 */
final class GradientBoostingConverter {

    /** scikit-learn clips class priors to [ε, 1 − ε] with float32's ε before taking logs. */
    private static final double PRIOR_EPSILON = Math.ulp(1.0f);

    private enum Loss { REGRESSION, BINOMIAL, MULTINOMIAL, EXPONENTIAL }

    private GradientBoostingConverter() {
    }

    static TabularModel convert(Estimator estimator, Conversion conversion) {
        boolean classification = estimator.name().endsWith("Classifier");
        NdArray stagesArray = estimator.array("estimators_");
        long[] shape = stagesArray.shape();
        if (!stagesArray.isObjectArray() || shape.length != 2 || shape[0] == 0) {
            throw estimator.mistyped("estimators_", "an object array of trees, stages × scores");
        }
        int stages = Math.toIntExact(shape[0]);
        int scores = Math.toIntExact(shape[1]);
        int features = TreeConverters.featureCount(estimator);
        List<PyValue> members = stagesArray.objects();
        List<Tree> trees = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            if (!(members.get(i) instanceof PyObject member)) {
                throw estimator.mistyped("estimators_", "an array of DecisionTreeRegressor");
            }
            trees.add(SklearnTrees.read(new Estimator(member, estimator.where() + " stage " + i / scores
                    + " tree " + i % scores), features, false));
        }
        List<String> classes = classification ? estimator.classLabels() : List.of();
        Loss loss = loss(estimator, classification, classes.size());
        if ((loss == Loss.MULTINOMIAL ? classes.size() : 1) != scores) {
            throw estimator.incompatible("has " + scores + " trees per stage for " + Math.max(1, classes.size())
                    + " classes");
        }
        double[] init = initialScores(estimator, loss, scores, classes.size());
        double learningRate = estimator.number("learning_rate");
        if (loss == Loss.EXPONENTIAL) {
            for (int k = 0; k < init.length; k++) init[k] *= 2;
            learningRate *= 2;
        }
        BoostingSpec spec = new BoostingSpec(classification, stages, learningRate,
                SklearnTrees.params(estimator, false).withCriterion(Criterion.SQUARED_ERROR),
                estimator.number("subsample", 1.0), SklearnTrees.seed(estimator));
        return Boosting.fromTrees(spec, init, trees, classes, features, estimator.featureNames());
    }

    /** The loss, from the loss object (1.0+: {@code _loss}; before: {@code loss_}) or the {@code loss} parameter. */
    private static Loss loss(Estimator estimator, boolean classification, int classes) {
        String name = "";
        for (String attribute : new String[] {"_loss", "loss_"}) {
            if (estimator.get(attribute).orElse(null) instanceof PyObject object) {
                name = object.type().name();
            }
        }
        if (name.isEmpty()) {
            name = estimator.string("loss", classification ? "log_loss" : "squared_error");
        }
        if (!classification) {
            return switch (name) {
                case "LeastSquaresError", "LeastAbsoluteError", "HuberLossFunction", "QuantileLossFunction",
                     "HalfSquaredError", "AbsoluteError", "HuberLoss", "PinballLoss", "squared_error", "ls",
                     "absolute_error", "lad", "huber", "quantile" -> Loss.REGRESSION;
                default -> throw estimator.unsupported("has loss " + name);
            };
        }
        return switch (name) {
            case "ExponentialLoss", "exponential" -> Loss.EXPONENTIAL;
            case "BinomialDeviance", "MultinomialDeviance", "HalfBinomialLoss", "HalfMultinomialLoss", "log_loss",
                 "deviance" -> classes > 2 ? Loss.MULTINOMIAL : Loss.BINOMIAL;
            default -> throw estimator.unsupported("has loss " + name);
        };
    }

    private static double[] initialScores(Estimator estimator, Loss loss, int scores, int classes) {
        PyValue init = estimator.require("init_");
        if (init instanceof PyStr text && text.value().equals("zero")) {
            return new double[scores];
        }
        if (!(init instanceof PyObject object)) {
            throw estimator.unsupported("starts from init_ " + init.typeName());
        }
        Estimator dummy = new Estimator(object, estimator.where() + " init_");
        return switch (dummy.name()) {
            case "DummyRegressor" -> {
                if (loss != Loss.REGRESSION) throw estimator.incompatible("starts a classifier from a DummyRegressor");
                yield new double[] {dummy.doubles("constant_")[0]};
            }
            case "DummyClassifier" -> {
                if (!dummy.string("strategy", "prior").equals("prior")) {
                    throw estimator.unsupported("starts from a DummyClassifier with strategy "
                            + dummy.string("strategy"));
                }
                double[] prior = dummy.doubles("class_prior_");
                if (prior.length != classes) {
                    throw estimator.incompatible("has " + prior.length + " class priors for " + classes + " classes");
                }
                yield classificationScores(prior, loss, symmetricLink(estimator));
            }
            // Up to 0.20 the initial estimators' predictions were the raw scores themselves: the mean or a
            // quantile, log odds (halved for the exponential loss), the class priors (not their logs), or zero.
            case "MeanEstimator" -> new double[] {dummy.number("mean")};
            case "QuantileEstimator" -> new double[] {dummy.number("quantile")};
            case "LogOddsEstimator", "ScaledLogOddsEstimator" -> new double[] {dummy.number("prior")};
            case "PriorProbabilityEstimator" -> {
                double[] priors = dummy.doubles("priors");
                if (priors.length != scores) {
                    throw estimator.incompatible("has " + priors.length + " class priors for " + scores + " scores");
                }
                yield priors;
            }
            case "ZeroEstimator" -> new double[scores];
            default -> throw estimator.unsupported("starts from init_ " + dummy.type().qualifiedName() + "; Brine "
                    + "reads the default initial estimators (DummyClassifier, DummyRegressor, those of 0.18–0.20) "
                    + "and 'zero'");
        };
    }

    /** From 1.4 the multinomial link is symmetric: {@code log(p / geometric_mean(p))} instead of {@code log p}. */
    private static boolean symmetricLink(Estimator estimator) {
        return estimator.get("_loss").orElse(null) instanceof PyObject object
                && object.type().module().equals("sklearn._loss.loss");
    }

    private static double[] classificationScores(double[] prior, Loss loss, boolean symmetric) {
        if (loss != Loss.MULTINOMIAL) {
            double p = clip(prior[1]);
            double logit = Math.log(p / (1 - p));
            return new double[] {loss == Loss.EXPONENTIAL ? 0.5 * logit : logit};
        }
        double[] raw = new double[prior.length];
        double meanLog = 0;
        for (int k = 0; k < prior.length; k++) {
            raw[k] = Math.log(clip(prior[k]));
            meanLog += raw[k];
        }
        if (symmetric) {
            double geometricMean = Math.exp(meanLog / prior.length);
            for (int k = 0; k < prior.length; k++) raw[k] = Math.log(clip(prior[k]) / geometricMean);
        }
        return raw;
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, PRIOR_EPSILON), 1 - PRIOR_EPSILON);
    }
}
