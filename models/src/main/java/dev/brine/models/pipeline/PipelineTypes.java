package dev.brine.models.pipeline;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entries of the composite models (META-INF/services/dev.brine.core.model.ModelType). */
public final class PipelineTypes {

    private PipelineTypes() {
    }

    public static final class PipelineType extends NamedModelType {
        public PipelineType() {
            super(Pipeline.TYPE, Pipeline::restore);
        }
    }

    public static final class ColumnTransformerType extends NamedModelType {
        public ColumnTransformerType() {
            super(ColumnTransformer.TYPE, ColumnTransformer::restore);
        }
    }
}
