package dev.brine.models.nn;

import dev.brine.core.json.Json;

import java.util.List;

/**
 * One layer of a {@link Sequential} network, PyTorch's {@code nn} modules of the same names. A layer holds its
 * parameters and buffers (changed in place by training) but no per-pass state: what backward needs is kept in the
 * {@link Pass}.
 */
public sealed interface Layer permits Linear, Activation, Softmax, Dropout, BatchNorm1d, Flatten {

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

    /** The width of the output for an input of {@code inputWidth} features; refuses widths the layer cannot take. */
    int outputWidth(int inputWidth);

    FloatMatrix forward(FloatMatrix input, Pass pass);

    /**
     * Gradient with respect to the input, from the gradient with respect to the output; adds the parameters'
     * gradients to {@link Parameter#grad()}. {@code kept} is what forward put in its pass.
     */
    FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput);

    /** An independent copy with the same settings and current values. */
    Layer copy();
}
