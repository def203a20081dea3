package dev.brine.models.nn;

import dev.brine.core.json.Json;

import java.util.List;

/**
 * One layer of a {@link Sequential} network (or of a {@link Block} inside one), PyTorch's {@code nn} modules of the same names. A layer holds its
 * parameters and buffers (changed in place by training) but no per-pass state: what backward needs is kept in the
 * {@link Pass}.
 */
public sealed interface Layer permits Linear, Activation, Softmax, Dropout, BatchNorm, Flatten, Conv, ConvTranspose2d,
        Pool, AdaptiveAvgPool, LayerNorm, GroupNorm, Dropout2d, Embedding, Block {

    /** The layer's name in configurations and {@code --arch} specs: {@code linear}, {@code relu}… */
    String type();

    /** The layer's settings (not its weights), e.g. {@code in_features}. */
    Json.JsonObject config();

    /** Learned parameters, in PyTorch's state-dict order. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Buffers, in PyTorch's state-dict order (after the parameters). */
    default List<Buffer> buffers() {
        return List.of();
    }

    /**
     * One example's output shape for an input example of {@code inputShape} (without the batch axis); refuses shapes
     * the layer cannot take with an {@link dev.brine.core.IncompatibleModelException} saying what it needs.
     */
    int[] outputShape(int[] inputShape);

    /** A parameter or a buffer under its state-dict name relative to the layer ({@code weight}, {@code 0.bn1.bias}). */
    record StateEntry(String name, Parameter parameter, Buffer buffer) {
        public StateEntry {
            if ((parameter == null) == (buffer == null)) {
                throw new IllegalArgumentException(name + ": a state entry holds a parameter or a buffer");
            }
        }

        StateEntry under(String prefix) {
            return new StateEntry(prefix + "." + name, parameter, buffer);
        }
    }

    /**
     * The layer's parameters and buffers in PyTorch's {@code state_dict} order: a module's own parameters, its own
     * buffers, then its children's, depth first.
     */
    default List<StateEntry> state() {
        List<StateEntry> out = new java.util.ArrayList<>();
        for (Parameter parameter : parameters()) out.add(new StateEntry(parameter.name(), parameter, null));
        for (Buffer buffer : buffers()) out.add(new StateEntry(buffer.name(), null, buffer));
        return out;
    }

    /** The width of the output for flat inputs of {@code inputWidth} features. */
    default int outputWidth(int inputWidth) {
        return Math.toIntExact(Shapes.size(outputShape(new int[] {inputWidth})));
    }

    FloatMatrix forward(FloatMatrix input, Pass pass);

    /**
     * Gradient with respect to the input, from the gradient with respect to the output; adds the parameters'
     * gradients to {@link Parameter#grad()}. {@code kept} is what forward put in its pass.
     */
    FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput);

    /** An independent copy with the same settings and current values. */
    Layer copy();
}
