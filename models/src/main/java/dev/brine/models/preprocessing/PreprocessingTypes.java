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

    public static final class MinMaxScalerType extends NamedModelType {
        public MinMaxScalerType() {
            super(MinMaxScaler.TYPE, MinMaxScaler::restore);
        }
    }

    public static final class SimpleImputerType extends NamedModelType {
        public SimpleImputerType() {
            super(SimpleImputer.TYPE, SimpleImputer::restore);
        }
    }

    public static final class OneHotEncoderType extends NamedModelType {
        public OneHotEncoderType() {
            super(OneHotEncoder.TYPE, OneHotEncoder::restore);
        }
    }

    public static final class PcaType extends NamedModelType {
        public PcaType() {
            super(Pca.TYPE, Pca::restore);
        }
    }

    public static final class PassthroughType extends NamedModelType {
        public PassthroughType() {
            super(Passthrough.TYPE, Passthrough::restore);
        }
    }
}
