package dev.brine.models.nn;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entries of the networks (META-INF/services/dev.brine.core.model.ModelType). */
public final class NetworkTypes {

    private NetworkTypes() {
    }

    public static final class SequentialType extends NamedModelType {
        public SequentialType() {
            super(Sequential.TYPE, Sequential::restore);
        }
    }

    public static final class ArchitectureType extends NamedModelType {
        public ArchitectureType() {
            super(Architecture.TYPE, Architecture::restore);
        }
    }

    public static final class TabularArchitectureType extends NamedModelType {
        public TabularArchitectureType() {
            super(TabularArchitecture.TYPE, TabularArchitecture::restore);
        }
    }

    public static final class MlpRegressorType extends NamedModelType {
        public MlpRegressorType() {
            super(TabularNetwork.REGRESSOR, TabularNetwork::restore);
        }
    }

    public static final class MlpClassifierType extends NamedModelType {
        public MlpClassifierType() {
            super(TabularNetwork.CLASSIFIER, TabularNetwork::restore);
        }
    }
}
