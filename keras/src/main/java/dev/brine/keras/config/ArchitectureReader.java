package dev.brine.keras.config;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonShapeException;
import dev.brine.keras.layers.InputLayer;
import dev.brine.keras.layers.Layer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Keras model config ({@code model_config}, {@code model.to_json()}, Keras 3 {@code config.json}) into a
 * {@link KerasArchitecture}, accepting the layouts of docs/interop.md: Sequential as a list (Keras ≤ 2.2.2) or an
 * object, with or without an InputLayer; Functional ({@code Model} / {@code Functional}) with Keras 2 node lists or
 * Keras 3 {@code args} holding {@code __keras_tensor__} references.
 */
public final class ArchitectureReader {
    private static final String SYNTHETIC_INPUT = "input";

    private final KerasVersion version;
    private final Limits limits;
    private final String source;
    private final LayerFactory factory;

    private ArchitectureReader(KerasVersion version, Limits limits, String source) {
        this.version = version;
        this.limits = limits;
        this.source = source;
        this.factory = new LayerFactory(version, limits, source);
    }

    public static KerasArchitecture read(Json.JsonObject modelConfig, KerasVersion version, Limits limits,
                                         String source) {
        ArchitectureReader reader = new ArchitectureReader(version, limits, source);
        try {
            return reader.model(modelConfig);
        } catch (JsonShapeException e) {
            throw new CorruptModelException(source + ": the Keras model config is malformed: " + e.getMessage()
                    + ".");
        } catch (ClassCastException e) {
            throw new CorruptModelException(source + ": the Keras model config is malformed: a value has the"
                    + " wrong JSON type (" + e.getMessage() + ").");
        }
    }

    private KerasArchitecture model(Json.JsonObject root) {
        String className = root.getString("class_name");
        Json config = root.get("config");
        return switch (className) {
            case "Sequential" -> sequential(config, root);
            case "Model", "Functional" -> functional((Json.JsonObject) expectObject(config, "config"), className,
                    root);
            default -> throw new UnsafeModelException(source + ": the model class \"" + className + "\" is a"
                    + " subclassed Keras model: its forward pass is Python code, which Brine never runs. Save a"
                    + " Sequential or Functional model instead.");
        };
    }

    private KerasArchitecture sequential(Json config, Json.JsonObject root) {
        Json.JsonArray entries = config instanceof Json.JsonArray list ? list
                : ((Json.JsonObject) expectObject(config, "config")).getArray("layers");
        String name = config instanceof Json.JsonObject object ? ConfigValues.string(object, "name")
                .orElse("sequential") : "sequential";
        Limits.check(source + ": layer count", entries.size(), limits.maxElements(), "maxElements");
        List<LayerCall> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String previous = null;
        for (int i = 0; i < entries.size(); i++) {
            Json.JsonObject entry = (Json.JsonObject) expectObject(entries.get(i), "layer " + i);
            String className = entry.getString("class_name");
            Json.JsonObject layerConfig = entry.getObject("config");
            String layerName = ConfigValues.string(layerConfig, "name").orElse("layer_" + i);
            if (previous == null && !className.equals("InputLayer")) {
                long[] shape = declaredInputShape(layerConfig)
                        .or(() -> buildShape(entry))
                        .or(() -> config instanceof Json.JsonObject object ? ConfigValues.value(object,
                                "build_input_shape").map(value -> ConfigValues.shape((Json.JsonArray) value))
                                : Optional.empty())
                        .orElseThrow(() -> new IncompatibleModelException(source + ": the Sequential model"
                                + " declares no input shape (it was saved before being built); Brine needs it to"
                                + " size the layers."));
                previous = unique(names, SYNTHETIC_INPUT);
                layers.add(new LayerCall(previous, new InputLayer(java.util.Arrays.copyOfRange(shape, 1,
                        shape.length), false), Json.JsonObject.EMPTY, List.of(List.of())));
            }
            Layer layer = factory.create(layerName, className, layerConfig, entry);
            unique(names, layerName);
            List<List<TensorRef>> calls = previous == null ? List.of(List.of())
                    : List.of(List.of(new TensorRef(previous, 0, 0)));
            layers.add(new LayerCall(layerName, layer, entry, calls));
            previous = layerName;
        }
        if (previous == null) {
            throw new CorruptModelException(source + ": the Sequential model has no layers.");
        }
        return new KerasArchitecture("Sequential", name, layers, List.of(new TensorRef(layers.getFirst().name(), 0, 0)),
                List.of(new TensorRef(previous, 0, 0)), version, root);
    }

    private KerasArchitecture functional(Json.JsonObject config, String className, Json.JsonObject root) {
        Json.JsonArray entries = config.getArray("layers");
        Limits.check(source + ": layer count", entries.size(), limits.maxElements(), "maxElements");
        List<LayerCall> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Json.JsonObject entry = (Json.JsonObject) expectObject(entries.get(i), "layer " + i);
            Json.JsonObject layerConfig = entry.getObject("config");
            String layerName = ConfigValues.string(entry, "name")
                    .or(() -> ConfigValues.string(layerConfig, "name")).orElse("layer_" + i);
            String layerClass = entry.getString("class_name");
            Layer layer = factory.create(layerName, layerClass, layerConfig, entry);
            unique(names, layerName);
            List<List<TensorRef>> calls = new ArrayList<>();
            for (Json node : entry.getArray("inbound_nodes").items()) {
                List<TensorRef> refs = new ArrayList<>();
                collectRefs(node, refs, 0, layerName);
                calls.add(refs);
            }
            if (layer instanceof InputLayer) {
                calls = List.of(List.of());
            }
            layers.add(new LayerCall(layerName, layer, entry, calls));
        }
        return new KerasArchitecture(className, ConfigValues.string(config, "name").orElse("model"), layers,
                endpoints(config.get("input_layers")), endpoints(config.get("output_layers")), version, root);
    }

    /**
     * Finds tensor references in one inbound node, whatever its layout: Keras 2 {@code [layer, node, tensor,
     * kwargs]} entries (possibly nested, mirroring the call's arguments) or Keras 3 {@code __keras_tensor__} objects
     * with a {@code keras_history}. Constants ({@code _CONSTANT_VALUE}) are not supported.
     */
    private void collectRefs(Json node, List<TensorRef> refs, int depth, String layerName) {
        if (depth > limits.maxNestingDepth()) {
            throw new CorruptModelException(source + ": inbound nodes of layer \"" + layerName + "\" nest too deep.");
        }
        switch (node) {
            case Json.JsonArray array when isRef(array) -> {
                String from = ((Json.JsonString) array.get(0)).value();
                if (from.equals("_CONSTANT_VALUE")) {
                    throw new UnsupportedModelException(source + ": layer \"" + layerName + "\" is called with a"
                            + " constant argument, which Brine does not support.");
                }
                refs.add(new TensorRef(from, (int) ((Json.JsonNumber) array.get(1)).longValue(),
                        (int) ((Json.JsonNumber) array.get(2)).longValue()));
            }
            case Json.JsonArray array -> array.items().forEach(item -> collectRefs(item, refs, depth + 1, layerName));
            case Json.JsonObject object when "__keras_tensor__".equals(ConfigValues.string(object, "class_name")
                    .orElse(null)) -> collectRefs(object.getObject("config").getArray("keras_history"), refs,
                    depth + 1, layerName);
            case Json.JsonObject object when object.has("args") -> collectRefs(object.get("args"), refs, depth + 1,
                    layerName);
            default -> { }
        }
    }

    private static boolean isRef(Json.JsonArray array) {
        return array.size() >= 3 && array.size() <= 4 && array.get(0) instanceof Json.JsonString
                && array.get(1) instanceof Json.JsonNumber && array.get(2) instanceof Json.JsonNumber;
    }

    /** {@code input_layers}/{@code output_layers}: a list of {@code [layer, node, tensor]} or one such triple. */
    private List<TensorRef> endpoints(Json value) {
        List<TensorRef> refs = new ArrayList<>();
        collectRefs(value, refs, 0, "(model endpoints)");
        if (refs.isEmpty()) {
            throw new CorruptModelException(source + ": the Functional model lists no inputs or no outputs.");
        }
        return refs;
    }

    /**
     * The input shape an InputLayer or a first layer declares, batch axis included: {@code batch_input_shape} (Keras
     * 2), {@code batch_shape} (Keras 3), or {@code input_shape}/{@code shape} without the batch.
     */
    static Optional<long[]> declaredInputShape(Json.JsonObject config) {
        for (String key : new String[] {"batch_input_shape", "batch_shape"}) {
            Optional<Json> value = ConfigValues.value(config, key);
            if (value.isPresent()) {
                return Optional.of(ConfigValues.shape((Json.JsonArray) value.get()));
            }
        }
        for (String key : new String[] {"input_shape", "shape"}) {
            Optional<Json> value = ConfigValues.value(config, key);
            if (value.isPresent()) {
                long[] shape = ConfigValues.shape((Json.JsonArray) value.get());
                long[] batched = new long[shape.length + 1];
                batched[0] = -1;
                System.arraycopy(shape, 0, batched, 1, shape.length);
                return Optional.of(batched);
            }
        }
        return Optional.empty();
    }

    /** Keras 3 layers record the shape they were built with in {@code build_config.input_shape}. */
    private static Optional<long[]> buildShape(Json.JsonObject entry) {
        return ConfigValues.value(entry, "build_config")
                .flatMap(value -> ConfigValues.value((Json.JsonObject) value, "input_shape"))
                .filter(value -> value instanceof Json.JsonArray)
                .map(value -> ConfigValues.shape((Json.JsonArray) value));
    }

    private String unique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new CorruptModelException(source + ": two layers are named \"" + name + "\".");
        }
        return name;
    }

    private Json expectObject(Json value, String what) {
        if (!(value instanceof Json.JsonObject)) {
            throw new CorruptModelException(source + ": the Keras config's " + what + " is not an object.");
        }
        return value;
    }
}
