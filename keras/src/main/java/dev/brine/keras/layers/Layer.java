package dev.brine.keras.layers;

import java.util.List;

/**
 * One Keras layer with its configuration, computing what Keras computes at inference. Shapes passed to
 * {@link #outputShape} and {@link #weights} leave out the batch axis and use -1 for a size the model leaves open.
 */
public sealed interface Layer permits InputLayer, Dense, ActivationLayer, Identity, Flatten, Reshape,
        BatchNormalization, LayerNormalization, Embedding, ElementwiseLayer, PRelu, SoftmaxLayer, Merge,
        Concatenate, Lstm {

    /** The Keras class name, for messages and snapshots. */
    String kerasClass();

    /**
     * The weights this layer reads, in the order Keras saves them ({@code weight_names}, {@code vars/0…}), for these
     * input shapes. Throws {@link dev.brine.core.IncompatibleModelException} when the inputs cannot feed this layer.
     */
    default List<WeightSpec> weights(List<long[]> inputShapes) {
        return List.of();
    }

    long[] outputShape(List<long[]> inputShapes);

    /** Runs the layer; {@code weights} are in {@link #weights} order, as float32 values. */
    Values forward(List<Values> inputs, List<float[]> weights);

    /** How many inputs the layer takes: 1 for most layers, -1 for "two or more" (merges). */
    default int arity() {
        return 1;
    }
}
