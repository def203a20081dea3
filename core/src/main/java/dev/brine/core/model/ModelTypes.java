package dev.brine.core.model;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.LoadBudget;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.JsonShapeException;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The model types on the class path, found through {@link ServiceLoader}. A file selects one by the name in its
 * manifest; names that no registered type has are refused, so a file can never choose the code that runs.
 */
public final class ModelTypes {
    private static final Map<String, ModelType> TYPES = discover();

    private ModelTypes() {
    }

    private static Map<String, ModelType> discover() {
        Map<String, ModelType> types = new TreeMap<>();
        for (ModelType type : ServiceLoader.load(ModelType.class, ModelTypes.class.getClassLoader())) {
            ModelType previous = types.putIfAbsent(type.name(), type);
            if (previous != null) {
                throw new IllegalStateException("model type \"" + type.name() + "\" is registered by both "
                        + previous.getClass().getName() + " and " + type.getClass().getName());
            }
        }
        return types;
    }

    /** Names of every registered type, sorted. */
    public static java.util.Set<String> names() {
        return TYPES.keySet();
    }

    public static ModelType get(String name, String source) {
        ModelType type = TYPES.get(name);
        if (type == null) {
            throw new UnsupportedModelException(source + ": model type \"" + name + "\" is not available in this"
                    + " Brine. Known types: " + (TYPES.isEmpty() ? "none (is brine-models on the class path?)"
                    : String.join(", ", TYPES.keySet())) + ".");
        }
        return type;
    }

    /**
     * Rebuilds a model under the budget of {@code limits} (shared with the load in progress when it has the same
     * limits), turning a malformed configuration into a {@link CorruptModelException}.
     */
    public static Model restore(ModelSnapshot snapshot, String source, Limits limits) {
        return LoadBudget.run(limits, source, () -> restore(snapshot, source));
    }

    /** Rebuilds a model under the budget of the load in progress ({@link LoadBudget#current()}). */
    public static Model restore(ModelSnapshot snapshot, String source) {
        ModelType type = get(snapshot.type(), source);
        try {
            return type.restore(snapshot);
        } catch (JsonShapeException e) {
            throw new CorruptModelException(source + ": the configuration of model type \"" + snapshot.type()
                    + "\" is malformed: " + e.getMessage() + ".");
        }
    }
}
