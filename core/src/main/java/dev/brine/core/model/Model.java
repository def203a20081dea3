package dev.brine.core.model;

import dev.brine.core.tensor.Tensor;

/**
 * A model Brine can run and save. Implementations are immutable for prediction: {@link #predict} may be called
 * from many threads at once.
 */
public interface Model {

    /** The type name under which {@link ModelType} restores it, e.g. {@code "logistic_regression"}. */
    String type();

    Signature signature();

    /**
     * Predicts a batch: rows along the first dimension. Regressors return their values (shape {@code (n,)} or
     * {@code (n, k)}); classifiers return class indices into {@link Classifier#classLabels()} as I64 {@code (n,)}.
     */
    Tensor predict(Tensor input);

    /** Everything needed to rebuild this model, for saving. */
    ModelSnapshot snapshot();
}
