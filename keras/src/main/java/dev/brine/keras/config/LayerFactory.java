package dev.brine.keras.config;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.keras.layers.Activation;
import dev.brine.keras.layers.ActivationLayer;
import dev.brine.keras.layers.BatchNormalization;
import dev.brine.keras.layers.Concatenate;
import dev.brine.keras.layers.Dense;
import dev.brine.keras.layers.ElementwiseLayer;
import dev.brine.keras.layers.Embedding;
import dev.brine.keras.layers.Flatten;
import dev.brine.keras.layers.Identity;
import dev.brine.keras.layers.InputLayer;
import dev.brine.keras.layers.Layer;
import dev.brine.keras.layers.LayerNormalization;
import dev.brine.keras.layers.Lstm;
import dev.brine.keras.layers.Merge;
import dev.brine.keras.layers.PRelu;
import dev.brine.keras.layers.Reshape;
import dev.brine.keras.layers.SoftmaxLayer;

import java.util.Set;

import static dev.brine.keras.config.ConfigValues.bool;
import static dev.brine.keras.config.ConfigValues.integer;
import static dev.brine.keras.config.ConfigValues.integers;
import static dev.brine.keras.config.ConfigValues.number;
import static dev.brine.keras.config.ConfigValues.string;

/**
 * Turns one layer entry of a Keras config into a {@link Layer}. A Lambda layer (Python bytecode) or a class Keras
 * does not define (a custom object, which only its author's Python code can build) is refused as unsafe; a Keras
 * layer Brine does not implement is unsupported. Sizes read from the config are checked against the limits.
 */
final class LayerFactory {
    /** Layers Keras defines that Brine does not run (yet): unsupported, not unsafe. */
    private static final Set<String> KNOWN_KERAS_LAYERS = Set.of("Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose",
            "Conv2DTranspose", "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D",
            "DepthwiseConv2D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D",
            "AveragePooling2D", "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
            "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GRU", "SimpleRNN", "RNN",
            "ConvLSTM1D", "ConvLSTM2D", "Bidirectional", "TimeDistributed", "Attention", "AdditiveAttention",
            "MultiHeadAttention", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D",
            "Cropping3D", "UpSampling1D", "UpSampling2D", "UpSampling3D", "RepeatVector", "Permute", "Masking",
            "Dot", "TextVectorization", "Normalization", "Rescaling", "Resizing", "CenterCrop", "CategoryEncoding",
            "StringLookup", "IntegerLookup", "Discretization", "Hashing", "GroupNormalization",
            "UnitNormalization", "EinsumDense", "Identity", "Sequential", "Functional", "Model");
    private static final Set<String> TRAINING_ONLY = Set.of("Dropout", "SpatialDropout1D", "SpatialDropout2D",
            "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization");

    private final KerasVersion version;
    private final Limits limits;
    private final String source;

    LayerFactory(KerasVersion version, Limits limits, String source) {
        this.version = version;
        this.limits = limits;
        this.source = source;
    }

    Layer create(String name, String className, Json.JsonObject config, Json.JsonObject entry) {
        refuseCode(name, className, entry);
        String where = source + ": layer \"" + name + "\" (" + className + ")";
        return switch (className) {
            case "InputLayer" -> input(config, where);
            case "Dense" -> new Dense(checkedUnits(config, "units", where), activation(config, "activation", where),
                    bool(config, "use_bias", true));
            case "Activation" -> new ActivationLayer(activation(config, "activation", where));
            case "Flatten" -> {
                if (string(config, "data_format").orElse("channels_last").equals("channels_first")) {
                    throw new UnsupportedModelException(where + ": Flatten with data_format channels_first is not"
                            + " supported.");
                }
                yield new Flatten();
            }
            case "Reshape" -> new Reshape(config.getArray("target_shape").toLongArray());
            case "BatchNormalization" -> {
                long[] axes = integers(config, "axis", new long[] {-1});
                if (axes.length != 1) {
                    throw new UnsupportedModelException(where + ": normalising over several axes "
                            + java.util.Arrays.toString(axes) + " is not supported.");
                }
                yield new BatchNormalization(axes[0], number(config, "epsilon", 1e-3), bool(config, "center", true),
                        bool(config, "scale", true));
            }
            case "LayerNormalization" -> {
                if (bool(config, "rms_scaling", false)) {
                    throw new UnsupportedModelException(where + ": rms_scaling is not supported.");
                }
                yield new LayerNormalization(integers(config, "axis", new long[] {-1}), number(config, "epsilon", 1e-3),
                        bool(config, "center", true), bool(config, "scale", true));
            }
            case "Embedding" -> {
                if (bool(config, "mask_zero", false)) {
                    throw new UnsupportedModelException(where + ": mask_zero=True produces a mask for later layers,"
                            + " which Brine does not implement.");
                }
                int inputDim = checkedUnits(config, "input_dim", where);
                int outputDim = checkedUnits(config, "output_dim", where);
                Limits.check(where + ": embedding table bytes", 4L * inputDim * outputDim, limits.maxTensorBytes(),
                        "maxTensorBytes");
                yield new Embedding(inputDim, outputDim);
            }
            case "ReLU" -> ElementwiseLayer.relu(number(config, "max_value", Double.POSITIVE_INFINITY),
                    number(config, "negative_slope", 0), number(config, "threshold", 0));
            case "ELU" -> new ElementwiseLayer(ElementwiseLayer.Kind.ELU, number(config, "alpha", 1.0), 0, 0);
            case "LeakyReLU" -> new ElementwiseLayer(ElementwiseLayer.Kind.LEAKY_RELU,
                    number(config, config.has("negative_slope") ? "negative_slope" : "alpha", 0.3), 0, 0);
            case "ThresholdedReLU" -> new ElementwiseLayer(ElementwiseLayer.Kind.THRESHOLDED_RELU,
                    number(config, "theta", 1.0), 0, 0);
            case "PReLU" -> new PRelu(integers(config, "shared_axes", new long[0]));
            case "Softmax" -> {
                long[] axes = integers(config, "axis", new long[] {-1});
                if (axes.length != 1) {
                    throw new UnsupportedModelException(where + ": softmax over several axes is not supported.");
                }
                yield new SoftmaxLayer(axes[0]);
            }
            case "Add" -> new Merge(Merge.Operation.ADD);
            case "Subtract" -> new Merge(Merge.Operation.SUBTRACT);
            case "Multiply" -> new Merge(Merge.Operation.MULTIPLY);
            case "Average" -> new Merge(Merge.Operation.AVERAGE);
            case "Maximum" -> new Merge(Merge.Operation.MAXIMUM);
            case "Minimum" -> new Merge(Merge.Operation.MINIMUM);
            case "Concatenate" -> new Concatenate(integer(config, "axis", -1));
            case "LSTM" -> lstm(config, where);
            default -> {
                if (TRAINING_ONLY.contains(className)) {
                    yield new Identity(className);
                }
                if (KNOWN_KERAS_LAYERS.contains(className)) {
                    throw new UnsupportedModelException(where + ": Keras layer " + className + " is not supported"
                            + " by Brine yet. Supported: Dense, Activation, Dropout, Flatten, Reshape,"
                            + " BatchNormalization, LayerNormalization, Embedding, ReLU, ELU, LeakyReLU, PReLU,"
                            + " Softmax, ThresholdedReLU, Add, Subtract, Multiply, Average, Maximum, Minimum,"
                            + " Concatenate, LSTM.");
                }
                throw new UnsafeModelException(where + " is not a Keras layer: it is a custom object, which only"
                        + " its author's Python code can build. Brine never runs code from a model file; rebuild"
                        + " the model from Keras layers or export it to ONNX where the code runs.");
            }
        };
    }

    /**
     * Refuses layers that carry or name code: Lambda (marshalled Python bytecode in Keras 2, {@code __lambda__} in
     * Keras 3, anywhere in the entry, e.g. inside a wrapper) and objects registered by user code.
     */
    private void refuseCode(String name, String className, Json.JsonObject entry) {
        if (className.equals("Lambda") || containsLambda(entry, 0)) {
            throw new UnsafeModelException(source + ": layer \"" + name + "\" (" + className + ") is a Lambda: its"
                    + " function is stored as Python bytecode, which Brine never runs. Replace the Lambda with"
                    + " Keras layers, or export the model to ONNX where the code runs.");
        }
        String registered = string(entry, "registered_name").orElse(null);
        String module = string(entry, "module").orElse("keras");
        boolean kerasModule = module.startsWith("keras") || module.startsWith("tf_keras")
                || module.startsWith("tensorflow");
        if (!kerasModule || (registered != null && !registered.equals(className))) {
            throw new UnsafeModelException(source + ": layer \"" + name + "\" is the custom object "
                    + (registered != null ? registered : className) + " from module " + module + ", which only its"
                    + " author's Python code can build. Brine never runs code from a model file.");
        }
    }

    private boolean containsLambda(Json value, int depth) {
        if (depth > limits.maxNestingDepth()) {
            throw new CorruptModelException(source + ": a layer config nests deeper than maxNestingDepth.");
        }
        return switch (value) {
            case Json.JsonObject object -> "lambda".equals(stringOrNull(object, "function_type"))
                    || "__lambda__".equals(stringOrNull(object, "class_name"))
                    || "Lambda".equals(stringOrNull(object, "class_name"))
                    || object.members().values().stream().anyMatch(child -> containsLambda(child, depth + 1));
            case Json.JsonArray array -> array.items().stream().anyMatch(child -> containsLambda(child, depth + 1));
            default -> false;
        };
    }

    private static String stringOrNull(Json.JsonObject object, String key) {
        return object.getOrNull(key) instanceof Json.JsonString string ? string.value() : null;
    }

    private Activation activation(Json.JsonObject config, String key, String where) {
        Json value = ConfigValues.value(config, key).orElse(Json.of("linear"));
        if (!(value instanceof Json.JsonString name)) {
            throw new UnsafeModelException(where + ": the activation " + value + " is a custom object, which only"
                    + " its author's Python code can build. Brine never runs code from a model file.");
        }
        return Activation.named(name.value(), version.isKeras3()).orElseThrow(() -> new UnsafeModelException(where
                + ": activation \"" + name.value() + "\" is not a Keras activation; a custom function needs its"
                + " author's Python code, which Brine never runs."));
    }

    private Layer input(Json.JsonObject config, String where) {
        long[] batchShape = ArchitectureReader.declaredInputShape(config).orElseThrow(() ->
                new CorruptModelException(where + ": the input layer declares no shape."));
        String dtype = dtypeName(config);
        if (dtype.startsWith("string")) {
            throw new UnsupportedModelException(where + ": string inputs are not supported.");
        }
        return new InputLayer(java.util.Arrays.copyOfRange(batchShape, 1, batchShape.length),
                dtype.startsWith("int") || dtype.startsWith("uint"));
    }

    /** {@code dtype}: a name, or (Keras 3) a DTypePolicy object whose config names it. */
    private static String dtypeName(Json.JsonObject config) {
        return switch (ConfigValues.value(config, "dtype").orElse(Json.of("float32"))) {
            case Json.JsonString name -> name.value();
            case Json.JsonObject policy when policy.getOrNull("config") instanceof Json.JsonObject inner ->
                    string(inner, "name").orElse("float32");
            default -> "float32";
        };
    }

    private Layer lstm(Json.JsonObject config, String where) {
        for (String flag : new String[] {"return_state", "stateful", "time_major"}) {
            if (bool(config, flag, false)) {
                throw new UnsupportedModelException(where + ": LSTM with " + flag + "=True is not supported.");
            }
        }
        int units = checkedUnits(config, "units", where);
        Limits.check(where + ": recurrent kernel bytes", 16L * units * units, limits.maxTensorBytes(),
                "maxTensorBytes");
        return new Lstm(units, activation(config, "activation", where),
                ConfigValues.value(config, "recurrent_activation").isPresent()
                        ? activation(config, "recurrent_activation", where) : Activation.SIGMOID,
                bool(config, "use_bias", true), bool(config, "return_sequences", false),
                bool(config, "go_backwards", false));
    }

    /** A size from the config (units, dims), positive and small enough that one row of it fits the limits. */
    private int checkedUnits(Json.JsonObject config, String key, String where) {
        long units = config.getLong(key);
        if (units <= 0) {
            throw new CorruptModelException(where + ": " + key + " = " + units + " must be positive.");
        }
        Limits.check(where + ": " + key, units, Math.min(Integer.MAX_VALUE / 16, limits.maxTensorBytes() / 4),
                "maxTensorBytes");
        return (int) units;
    }
}
