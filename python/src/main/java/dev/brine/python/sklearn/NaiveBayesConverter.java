package dev.brine.python.sklearn;

import dev.brine.models.bayes.GaussianNaiveBayes;
import dev.brine.models.tabular.TabularModel;

/** GaussianNB: {@code theta_}, the smoothed variances ({@code var_}, named {@code sigma_} before 1.0) and priors. */
final class NaiveBayesConverter {

    private NaiveBayesConverter() {
    }

    static TabularModel gaussian(Estimator estimator, Conversion conversion) {
        return new GaussianNaiveBayes(estimator.matrix("theta_"), estimator.matrix(estimator.firstPresent("var_",
                "sigma_")), estimator.doubles("class_prior_"), estimator.classLabels(), estimator.featureNames());
    }
}
