package dev.brine.models.bayes;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entry of {@link GaussianNaiveBayes} (META-INF/services/dev.brine.core.model.ModelType). */
public final class BayesTypes {

    private BayesTypes() {
    }

    public static final class GaussianNaiveBayesType extends NamedModelType {
        public GaussianNaiveBayesType() {
            super(GaussianNaiveBayes.TYPE, GaussianNaiveBayes::restore);
        }
    }
}
