package dev.brine.core.model;

import dev.brine.core.tensor.Tensor;

import java.util.List;

/** A model that predicts classes and, usually, their probabilities. */
public interface Classifier extends Model {

    /** Class labels in the order of {@link #predictProba} columns; {@link #predict} returns indices into it. */
    List<String> classLabels();

    /** Class probabilities, shape {@code (n, classes)}, F64. */
    Tensor predictProba(Tensor input);
}
