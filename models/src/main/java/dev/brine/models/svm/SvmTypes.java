package dev.brine.models.svm;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entries of the support vector machines (META-INF/services/dev.brine.core.model.ModelType). */
public final class SvmTypes {

    private SvmTypes() {
    }

    public static final class SupportVectorClassifierType extends NamedModelType {
        public SupportVectorClassifierType() {
            super(SupportVectorMachine.CLASSIFIER, SupportVectorMachine::restore);
        }
    }

    public static final class SupportVectorRegressorType extends NamedModelType {
        public SupportVectorRegressorType() {
            super(SupportVectorMachine.REGRESSOR, SupportVectorMachine::restore);
        }
    }
}
