package dev.brine.models.preprocessing;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entries of the preprocessing steps (META-INF/services/dev.brine.core.model.ModelType). */
public final class PreprocessingTypes {

    private PreprocessingTypes() {
    }

    public static final class StandardScalerType extends NamedModelType {
        public StandardScalerType() {
            super(StandardScaler.TYPE, StandardScaler::restore);
        }
    }
}
