package dev.brine.core.model;

import dev.brine.core.Limits;

import java.util.Optional;

/**
 * How to read a model file: the limits, and for formats that hold only weights, the architecture
 * ({@code --arch}, PyTorch notation) and the key of the state dict inside a checkpoint ({@code --state-key}).
 *
 * @param optimizer the optimizer class of a training checkpoint whose file does not say it ({@code --optimizer}):
 *                  PyTorch before 2.6 saves Adam and AdamW with weight decay as identical state dicts, and the two
 *                  update the weights differently. Readers that never need it ignore it.
 */
public record LoadOptions(Limits limits, Optional<String> architecture, Optional<String> stateKey,
                          Optional<String> optimizer) {

    public static final LoadOptions DEFAULTS = new LoadOptions(Limits.DEFAULTS, Optional.empty(), Optional.empty(),
            Optional.empty());

    /** The options without an optimizer class (the form before {@code optimizer} existed). */
    public LoadOptions(Limits limits, Optional<String> architecture, Optional<String> stateKey) {
        this(limits, architecture, stateKey, Optional.empty());
    }

    public LoadOptions withLimits(Limits value) {
        return new LoadOptions(value, architecture, stateKey, optimizer);
    }

    public LoadOptions withArchitecture(String value) {
        return new LoadOptions(limits, Optional.ofNullable(value), stateKey, optimizer);
    }

    public LoadOptions withStateKey(String value) {
        return new LoadOptions(limits, architecture, Optional.ofNullable(value), optimizer);
    }

    /** The optimizer class ({@code adam}, {@code adamw}) for a checkpoint that cannot tell; null for none. */
    public LoadOptions withOptimizer(String value) {
        return new LoadOptions(limits, architecture, stateKey, Optional.ofNullable(value));
    }
}
