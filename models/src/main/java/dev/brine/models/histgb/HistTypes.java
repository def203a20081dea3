package dev.brine.models.histgb;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entries of histogram gradient boosting (META-INF/services/dev.brine.core.model.ModelType). */
public final class HistTypes {

    private HistTypes() {
    }

    public static final class HistGradientBoostingClassifierType extends NamedModelType {
        public HistGradientBoostingClassifierType() {
            super(HistGradientBoosting.CLASSIFIER, HistGradientBoosting::restore);
        }
    }

    public static final class HistGradientBoostingRegressorType extends NamedModelType {
        public HistGradientBoostingRegressorType() {
            super(HistGradientBoosting.REGRESSOR, HistGradientBoosting::restore);
        }
    }
}
