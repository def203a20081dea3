package dev.brine.core.model;

import java.util.List;

/**
 * What a model takes and returns. {@code featureNames} names the columns of a tabular input (empty when the model
 * does not know them), so CSV columns can be matched by name.
 */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs, List<String> featureNames) {

    public static final Signature UNKNOWN = new Signature(List.of(), List.of(), List.of());

    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        featureNames = List.copyOf(featureNames);
    }

    public Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
        this(inputs, outputs, List.of());
    }
}
