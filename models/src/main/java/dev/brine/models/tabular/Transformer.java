package dev.brine.models.tabular;

import dev.brine.core.model.Signature;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;

/**
 * A fitted preprocessing step (scaler, encoder, imputer, PCA): turns rows of features into rows of new features.
 * Its {@code predict} is its transform.
 */
public interface Transformer extends TabularModel {

    Matrix transform(Matrix input);

    /** Steps that understand text columns (encoders) override this; the rest need numbers. */
    default Matrix transform(Table input) {
        return transform(TabularInput.matrix(input, featureNames(), featureCount(), type()));
    }

    /**
     * Whether a missing value in input column j comes out, still missing, in output column j (scalers): a pipeline
     * then takes it when its next step does.
     */
    default boolean passesMissingThrough() {
        return false;
    }

    /** How many columns {@link #transform} returns. */
    int outputWidth();

    /** F64 rows of {@link #featureCount()} columns in, {@link #outputWidth()} columns out. */
    @Override
    default Signature signature() {
        return TabularSignature.transformer(featureCount(), featureNames(), outputWidth());
    }

    @Override
    default Tensor predict(Matrix input) {
        return transform(input).toTensor();
    }

    @Override
    default Tensor predict(Table input) {
        return transform(input).toTensor();
    }
}
