package dev.brine.keras;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.keras.config.KerasArchitecture;
import dev.brine.keras.config.LayerCall;
import dev.brine.keras.config.TensorRef;
import dev.brine.keras.layers.Activation;
import dev.brine.keras.layers.ActivationLayer;
import dev.brine.keras.layers.BatchNormalization;
import dev.brine.keras.layers.Dense;
import dev.brine.keras.layers.ElementwiseLayer;
import dev.brine.keras.layers.Flatten;
import dev.brine.keras.layers.Identity;
import dev.brine.keras.layers.InputLayer;
import dev.brine.keras.layers.Layer;
import dev.brine.keras.layers.SoftmaxLayer;
import dev.brine.models.nn.Sequential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a Keras model that is a chain of Dense, activation, Dropout, BatchNormalization and Flatten layers on a
 * feature-vector input onto brine-models' {@link Sequential} (PyTorch layouts): a Dense kernel {@code (in, out)}
 * becomes a Linear weight {@code (out, in)}; BatchNormalization's gamma, beta and moving statistics become
 * BatchNorm1d's weight, bias and running statistics with Keras' epsilon. The result predicts what the Keras model
 * predicts and trains with brine-models' optimizers.
 */
public final class KerasToSequential {

    private KerasToSequential() {
    }

    /** The equivalent network, or {@link UnsupportedModelException} naming the first layer that has no equivalent. */
    public static Sequential convert(KerasModel model) {
        KerasArchitecture architecture = model.architecture();
        List<LayerCall> chain = chain(architecture);
        long[] inputShape = model.signature().inputs().getFirst().shape();
        if (inputShape.length != 2 || inputShape[1] < 1) {
            throw new UnsupportedModelException("the Keras model's input " + java.util.Arrays.toString(inputShape)
                    + " is not a feature vector; a Sequential network takes (rows, features).");
        }
        Map<String, Tensor> weights = new HashMap<>();
        model.snapshot().tensors().forEach(tensor -> weights.put(tensor.name(), tensor.tensor()));
        List<Json> layers = new ArrayList<>();
        List<NamedTensor> stateDict = new ArrayList<>();
        int width = (int) inputShape[1];
        for (LayerCall call : chain) {
            width = map(call, width, weights, layers, stateDict);
        }
        Sequential network = Sequential.fromArchitecture(Json.object().put("input_features", inputShape[1])
                .put("layers", Json.array(layers)).build());
        // BatchNorm1d also keeps PyTorch's num_batches_tracked counter, which Keras has no equivalent of: zero.
        for (NamedTensor tensor : network.stateDict()) {
            if (tensor.name().endsWith(".num_batches_tracked")) {
                stateDict.add(tensor);
            }
        }
        network.loadStateDict(stateDict, true);
        return network;
    }

    /** The layers from input to output, checking that each takes the previous one's output alone. */
    private static List<LayerCall> chain(KerasArchitecture architecture) {
        if (architecture.inputs().size() != 1 || architecture.outputs().size() != 1) {
            throw new UnsupportedModelException("a Keras model with several inputs or outputs is not a chain.");
        }
        Map<String, LayerCall> next = new HashMap<>();
        for (LayerCall layer : architecture.layers()) {
            if (layer.layer() instanceof InputLayer) {
                continue;
            }
            if (layer.calls().size() != 1 || layer.calls().getFirst().size() != 1) {
                throw new UnsupportedModelException("layer \"" + layer.name() + "\" is shared or merges inputs; the"
                        + " model is not a chain.");
            }
            TensorRef from = layer.calls().getFirst().getFirst();
            if (next.put(from.layer(), layer) != null) {
                throw new UnsupportedModelException("layer \"" + from.layer() + "\" feeds several layers; the model"
                        + " is not a chain.");
            }
        }
        List<LayerCall> chain = new ArrayList<>();
        String current = architecture.inputs().getFirst().layer();
        while (next.containsKey(current)) {
            LayerCall layer = next.get(current);
            chain.add(layer);
            current = layer.name();
        }
        if (!current.equals(architecture.outputs().getFirst().layer())) {
            throw new UnsupportedModelException("the model's output is not at the end of one chain of layers.");
        }
        return chain;
    }

    private static int map(LayerCall call, int width, Map<String, Tensor> weights, List<Json> layers,
                           List<NamedTensor> stateDict) {
        String name = Integer.toString(layers.size());
        Layer layer = call.layer();
        switch (layer) {
            case Dense dense -> {
                layers.add(Json.object().put("name", name).put("type", "linear").put("in_features", (long) width)
                        .put("out_features", (long) dense.units()).put("bias", dense.useBias()).build());
                stateDict.add(new NamedTensor(name + ".weight", transpose(weights.get(call.name() + "/kernel")),
                        TensorRole.PARAMETER));
                if (dense.useBias()) {
                    stateDict.add(new NamedTensor(name + ".bias", weights.get(call.name() + "/bias").to(
                            dev.brine.core.tensor.DType.F32), TensorRole.PARAMETER));
                }
                activation(dense.activation(), call, layers);
                return dense.units();
            }
            case ActivationLayer activation -> activation(activation.activation(), call, layers);
            case Identity identity when identity.kerasClass().equals("Dropout") ->
                    layers.add(Json.object().put("name", name).put("type", "dropout").put("p",
                            dropoutRate(call)).build());
            case Identity ignored -> { }
            case Flatten ignored -> layers.add(Json.object().put("name", name).put("type", "flatten").build());
            case SoftmaxLayer ignored -> layers.add(Json.object().put("name", name).put("type", "softmax").build());
            case ElementwiseLayer elementwise -> layers.add(elementwise(elementwise, call, name));
            case BatchNormalization norm when norm.axis() == -1 || norm.axis() == 1 -> {
                layers.add(Json.object().put("name", name).put("type", "batch_norm1d").put("num_features",
                        (long) width).put("eps", norm.epsilon()).put("momentum", 0.01).build());
                Tensor gamma = norm.scale() ? weights.get(call.name() + "/gamma") : ones(width);
                Tensor beta = norm.center() ? weights.get(call.name() + "/beta") : Tensor.zeros(
                        dev.brine.core.tensor.DType.F32, width);
                stateDict.add(new NamedTensor(name + ".weight", f32(gamma), TensorRole.PARAMETER));
                stateDict.add(new NamedTensor(name + ".bias", f32(beta), TensorRole.PARAMETER));
                stateDict.add(new NamedTensor(name + ".running_mean", f32(weights.get(call.name() + "/moving_mean")),
                        TensorRole.BUFFER));
                stateDict.add(new NamedTensor(name + ".running_var",
                        f32(weights.get(call.name() + "/moving_variance")), TensorRole.BUFFER));
            }
            default -> throw new UnsupportedModelException("Keras layer \"" + call.name() + "\" ("
                    + layer.kerasClass() + ") has no equivalent in a Sequential network.");
        }
        return width;
    }

    private static void activation(Activation activation, LayerCall call, List<Json> layers) {
        String name = Integer.toString(layers.size());
        Json.ObjectBuilder layer = Json.object().put("name", name);
        switch (activation) {
            case LINEAR -> {
                return;
            }
            case SOFTMAX -> layer.put("type", "softmax");
            case LOG_SOFTMAX -> layer.put("type", "log_softmax");
            default -> {
                // Keras' functions are nn's vocabulary with Keras' defaults as parameters.
                dev.brine.models.nn.Activation.Kind kind = activation.kind();
                layer.put("type", kind.jsonName());
                if (kind.parameterName() != null) layer.put(kind.parameterName(), activation.parameter());
            }
        }
        layers.add(layer.build());
    }

    private static Json elementwise(ElementwiseLayer layer, LayerCall call, String name) {
        return switch (layer.kind()) {
            case ELU -> Json.object().put("name", name).put("type", "elu").put("alpha", layer.first()).build();
            case LEAKY_RELU -> Json.object().put("name", name).put("type", "leaky_relu")
                    .put("negative_slope", layer.first()).build();
            case RELU -> {
                if (layer.first() != Double.POSITIVE_INFINITY || layer.second() != 0 || layer.third() != 0) {
                    throw new UnsupportedModelException("Keras ReLU layer \"" + call.name() + "\" has a max value,"
                            + " slope or threshold, which a Sequential network does not have.");
                }
                yield Json.object().put("name", name).put("type", "relu").build();
            }
            case THRESHOLDED_RELU -> throw new UnsupportedModelException("Keras layer \"" + call.name()
                    + "\" (ThresholdedReLU) has no equivalent in a Sequential network.");
        };
    }

    private static Tensor transpose(Tensor kernel) {
        int in = (int) kernel.shape().dim(0);
        int out = (int) kernel.shape().dim(1);
        float[] source = kernel.toFloatArray();
        float[] transposed = new float[source.length];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                transposed[j * in + i] = source[i * out + j];
            }
        }
        return Tensor.of(transposed, out, in);
    }

    private static Tensor f32(Tensor tensor) {
        return tensor.dtype() == dev.brine.core.tensor.DType.F32 ? tensor : tensor.to(dev.brine.core.tensor.DType.F32);
    }

    private static Tensor ones(int width) {
        float[] values = new float[width];
        java.util.Arrays.fill(values, 1f);
        return Tensor.of(values, width);
    }

    /** Dropout's rate from the layer's Keras config (the network only uses it when trained further). */
    private static double dropoutRate(LayerCall call) {
        Json rate = call.entry().getObject("config").getOrNull("rate");
        return rate instanceof Json.JsonNumber number ? number.doubleValue() : 0.5;
    }
}
