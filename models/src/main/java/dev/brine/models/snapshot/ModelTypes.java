package dev.brine.models.snapshot;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelType;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The model types on the class path, by name (ServiceLoader). A snapshot selects one by its type name, never by a
 * class name, so a file cannot make Brine load a class it did not register.
 */
public final class ModelTypes {

    private static final Map<String, ModelType> TYPES = load();

    private ModelTypes() {
    }

    public static Model restore(ModelSnapshot snapshot) {
        ModelType type = TYPES.get(snapshot.type());
        if (type == null) {
            throw new UnsupportedModelException("model type \"" + snapshot.type() + "\" is not known to this Brine; "
                    + "known types: " + TYPES.keySet());
        }
        return type.restore(snapshot);
    }

    public static java.util.Set<String> names() {
        return TYPES.keySet();
    }

    private static Map<String, ModelType> load() {
        Map<String, ModelType> types = new TreeMap<>();
        for (ModelType type : ServiceLoader.load(ModelType.class, ModelTypes.class.getClassLoader())) {
            types.putIfAbsent(type.name(), type);
        }
        return types;
    }
}
