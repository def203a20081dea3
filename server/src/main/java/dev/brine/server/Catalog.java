package dev.brine.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The models the server was configured with, by name; the set of names is fixed for the server's life. */
final class Catalog {
    private final Map<String, ServedModel> models;

    Catalog(Map<String, List<ModelSource>> sources) {
        Map<String, ServedModel> built = new LinkedHashMap<>();
        sources.forEach((name, list) -> built.put(name, new ServedModel(name, list)));
        this.models = java.util.Collections.unmodifiableMap(built);
    }

    ServedModel get(String name) {
        ServedModel model = models.get(name);
        if (model == null) {
            throw HttpError.notFound("model '" + name + "' is not served here; served models: " + models.keySet());
        }
        return model;
    }

    Collection<ServedModel> all() {
        return models.values();
    }

    boolean ready() {
        return models.values().stream().allMatch(ServedModel::ready);
    }

    List<LiveVersion> live() {
        List<LiveVersion> live = new ArrayList<>();
        for (ServedModel model : models.values()) {
            live.addAll(model.live());
        }
        return live;
    }
}
