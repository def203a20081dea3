package dev.brine.core.model;

import dev.brine.core.Limits;

import java.util.Optional;

/**
 * How to read a model file: the limits, and for formats that hold only weights, the architecture
 * ({@code --arch}, PyTorch notation) and the key of the state dict inside a checkpoint ({@code --state-key}).
 */
public record LoadOptions(Limits limits, Optional<String> architecture, Optional<String> stateKey) {

    public static final LoadOptions DEFAULTS = new LoadOptions(Limits.DEFAULTS, Optional.empty(), Optional.empty());

    public LoadOptions withLimits(Limits value) {
        return new LoadOptions(value, architecture, stateKey);
    }

    public LoadOptions withArchitecture(String value) {
        return new LoadOptions(limits, Optional.ofNullable(value), stateKey);
    }

    public LoadOptions withStateKey(String value) {
        return new LoadOptions(limits, architecture, Optional.ofNullable(value));
    }
}
