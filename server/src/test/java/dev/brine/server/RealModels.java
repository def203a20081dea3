package dev.brine.server;

import dev.brine.models.linear.LinearRegression;
import dev.brine.models.linear.LinearRegressor;
import dev.brine.models.linear.LogisticClassifier;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.preprocessing.StandardScaler;

import java.util.List;

/** Real Brine models (module {@code models}) with chosen parameters, so tests know every expected answer. */
final class RealModels {
    private RealModels() {
    }

    /** y = intercept + coef · x. */
    static LinearRegressor linear(double intercept, double... coef) {
        return linear(List.of(), intercept, coef);
    }

    static LinearRegressor linear(List<String> features, double intercept, double... coef) {
        return new LinearRegressor(new LinearRegression(), coef, new double[] {intercept}, features);
    }

    /** Two classes: P(labels[1]) = sigmoid(intercept + coef · x). */
    static LogisticClassifier logistic(List<String> labels, List<String> features, double intercept,
                                       double... coef) {
        return new LogisticClassifier(new LogisticRegression(), coef, new double[] {intercept}, labels, features, 0);
    }

    /** StandardScaler then binary LogisticRegression, the tutorials' pipeline. */
    static Pipeline scaledLogistic(List<String> labels, List<String> features, double[] mean, double[] scale,
                                   double intercept, double... coef) {
        return Pipeline.of(List.of(
                new Pipeline.Step("scaler", new StandardScaler(mean, scale, features)),
                new Pipeline.Step("logistic", logistic(labels, features, intercept, coef))));
    }
}
