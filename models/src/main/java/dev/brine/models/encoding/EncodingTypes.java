package dev.brine.models.encoding;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entry of {@link OrdinalEncoder} (META-INF/services/dev.brine.core.model.ModelType). */
public final class EncodingTypes {

    private EncodingTypes() {
    }

    public static final class OrdinalEncoderType extends NamedModelType {
        public OrdinalEncoderType() {
            super(OrdinalEncoder.TYPE, OrdinalEncoder::restore);
        }
    }
}
