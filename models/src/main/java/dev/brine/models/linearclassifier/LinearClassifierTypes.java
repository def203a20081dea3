package dev.brine.models.linearclassifier;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entry of {@link LinearClassifier} (META-INF/services/dev.brine.core.model.ModelType). */
public final class LinearClassifierTypes {

    private LinearClassifierTypes() {
    }

    public static final class LinearClassifierType extends NamedModelType {
        public LinearClassifierType() {
            super(LinearClassifier.TYPE, LinearClassifier::restore);
        }
    }
}
