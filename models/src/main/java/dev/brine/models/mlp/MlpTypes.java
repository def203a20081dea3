package dev.brine.models.mlp;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entries of the float64 perceptrons (META-INF/services/dev.brine.core.model.ModelType). */
public final class MlpTypes {

    private MlpTypes() {
    }

    public static final class MlpClassifierType extends NamedModelType {
        public MlpClassifierType() {
            super(MultilayerPerceptron.CLASSIFIER, MultilayerPerceptron::restore);
        }
    }

    public static final class MlpRegressorType extends NamedModelType {
        public MlpRegressorType() {
            super(MultilayerPerceptron.REGRESSOR, MultilayerPerceptron::restore);
        }
    }
}
