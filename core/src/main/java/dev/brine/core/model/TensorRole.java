package dev.brine.core.model;

/** What a saved tensor is for; recorded per tensor in the manifest. */
public enum TensorRole {
    /** A learned weight (PyTorch {@code parameters()}, a tree's thresholds, a scaler's mean). */
    PARAMETER,
    /** State that is not learned by gradient but needed to predict (BatchNorm running statistics). */
    BUFFER,
    /** Optimizer state: moment buffers, step counts. */
    OPTIMIZER_STATE,
    /** Training state that is not the optimizer's: RNG state, data-order permutation, scheduler state. */
    TRAINING_STATE,
    /** Any other array the model keeps: vocabularies, category lists, raw graph bytes. */
    DATA;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TensorRole fromJsonName(String name) {
        for (TensorRole role : values()) {
            if (role.jsonName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown tensor role \"" + name + "\"");
    }
}
