package dev.brine.models.nn;

import dev.brine.models.random.Pcg64;

/**
 * One forward pass: training or evaluation, the random stream dropout draws from (training only), and the slot
 * where a layer keeps what its backward pass needs. Layers keep no per-pass state themselves, so a network can
 * predict from many threads at once.
 */
public final class Pass {

    private final boolean training;
    private final Pcg64 rng;
    private Object kept;

    private Pass(boolean training, Pcg64 rng) {
        this.training = training;
        this.rng = rng;
    }

    public static Pass evaluation() {
        return new Pass(false, null);
    }

    public static Pass training(Pcg64 rng) {
        return new Pass(true, rng);
    }

    public boolean training() {
        return training;
    }

    public Pcg64 rng() {
        if (rng == null) {
            throw new IllegalStateException("an evaluation pass draws no random numbers");
        }
        return rng;
    }

    /** Keeps something for this layer's backward pass (dropout mask, normalised values). */
    public void keep(Object value) {
        kept = value;
    }

    /** Returns and clears what the layer kept. */
    Object takeKept() {
        Object value = kept;
        kept = null;
        return value;
    }
}
