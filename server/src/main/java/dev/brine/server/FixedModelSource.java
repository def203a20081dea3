package dev.brine.server;

import dev.brine.core.model.Model;

import java.util.Objects;

/** A model given in memory (embedding, tests): one revision, forever. */
record FixedModelSource(Model model, String version) implements ModelSource {

    FixedModelSource {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public String description() {
        return "memory:" + model.type();
    }

    @Override
    public Revision revision() {
        return Revision.of(version, "memory:" + System.identityHashCode(model));
    }

    @Override
    public Model load(Revision revision) {
        return model;
    }
}
