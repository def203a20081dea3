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
 * @param verify    whether a {@code .brine} file's tensors are checked against their SHA-256 before the model is
 *                  built (the default; a file already verified by this process is not hashed again). False is the
 *                  explicit escape ({@code --no-verify}), and loading logs a warning.
 * @param stripPrefix a prefix removed from the state dict's keys that start with it before they meet the architecture
 *                    ({@code --strip-prefix module.}, as DataParallel adds); empty: detected when exactly one fits
 * @param prefix      a prefix put before every key of the state dict ({@code --prefix network.}: the file was saved
 *                    from an inner module the architecture names)
 * @param strict      whether every key must match the architecture (the default, as PyTorch's
 *                    {@code load_state_dict}); false ({@code --non-strict}) loads the keys that fit and logs the
 *                    missing and unexpected ones as a warning
 */
public record LoadOptions(Limits limits, Optional<String> architecture, Optional<String> stateKey,
                          Optional<String> optimizer, boolean verify, Optional<String> stripPrefix,
                          Optional<String> prefix, boolean strict) {

    public static final LoadOptions DEFAULTS = new LoadOptions(Limits.DEFAULTS, Optional.empty(), Optional.empty(),
            Optional.empty(), true, Optional.empty(), Optional.empty(), true);

    /** The options without an optimizer class (the form before {@code optimizer} existed), verifying. */
    public LoadOptions(Limits limits, Optional<String> architecture, Optional<String> stateKey) {
        this(limits, architecture, stateKey, Optional.empty(), true, Optional.empty(), Optional.empty(), true);
    }

    public LoadOptions withLimits(Limits value) {
        return new LoadOptions(value, architecture, stateKey, optimizer, verify, stripPrefix, prefix, strict);
    }

    public LoadOptions withArchitecture(String value) {
        return new LoadOptions(limits, Optional.ofNullable(value), stateKey, optimizer, verify, stripPrefix, prefix,
                strict);
    }

    public LoadOptions withStateKey(String value) {
        return new LoadOptions(limits, architecture, Optional.ofNullable(value), optimizer, verify, stripPrefix, prefix,
                strict);
    }

    /** The optimizer class ({@code adam}, {@code adamw}) for a checkpoint that cannot tell; null for none. */
    public LoadOptions withOptimizer(String value) {
        return new LoadOptions(limits, architecture, stateKey, Optional.ofNullable(value), verify, stripPrefix, prefix,
                strict);
    }

    /** Whether to check every tensor's SHA-256 on load; {@code false} skips it, with a warning. */
    public LoadOptions withVerify(boolean value) {
        return new LoadOptions(limits, architecture, stateKey, optimizer, value, stripPrefix, prefix, strict);
    }

    /** A prefix to remove from the state dict's keys ({@code --strip-prefix}); null: detect one. */
    public LoadOptions withStripPrefix(String value) {
        return new LoadOptions(limits, architecture, stateKey, optimizer, verify, Optional.ofNullable(value), prefix,
                strict);
    }

    /** A prefix to put before every key of the state dict ({@code --prefix}); null: none. */
    public LoadOptions withPrefix(String value) {
        return new LoadOptions(limits, architecture, stateKey, optimizer, verify, stripPrefix,
                Optional.ofNullable(value), strict);
    }

    /** Whether the state dict's keys must match the architecture exactly ({@code --non-strict} is false). */
    public LoadOptions withStrict(boolean value) {
        return new LoadOptions(limits, architecture, stateKey, optimizer, verify, stripPrefix, prefix, value);
    }
}
