package dev.brine.models.neighbors;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entries of the neighbour models (META-INF/services/dev.brine.core.model.ModelType). */
public final class NeighborsTypes {

    private NeighborsTypes() {
    }

    public static final class KNeighborsClassifierType extends NamedModelType {
        public KNeighborsClassifierType() {
            super(NearestNeighbors.CLASSIFIER, NearestNeighbors::restore);
        }
    }

    public static final class KNeighborsRegressorType extends NamedModelType {
        public KNeighborsRegressorType() {
            super(NearestNeighbors.REGRESSOR, NearestNeighbors::restore);
        }
    }
}
