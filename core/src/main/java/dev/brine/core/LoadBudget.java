package dev.brine.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The running account of one load: its {@link Limits} and the bytes materialized so far, across the whole file.
 * {@link dev.brine.core.Models#load} opens one for the duration of the load, so that every reader and every
 * restore it reaches, however deeply nested (a pipeline's steps, a column transformer's parts), charges the same
 * account without each signature carrying it: copies of mapped tensors into Java arrays count, wherever they happen.
 *
 * <p>Outside a load, {@link #current()} is a fresh account with {@link Limits#DEFAULTS}.
 */
public final class LoadBudget {
    private static final ScopedValue<LoadBudget> CURRENT = ScopedValue.newInstance();

    private final Limits limits;
    private final String source;
    private final AtomicLong materialized = new AtomicLong();

    private LoadBudget(Limits limits, String source) {
        this.limits = limits;
        this.source = source;
    }

    /**
     * Runs {@code load} of {@code source} (a file name, for messages) with a new account for {@code limits}, unless
     * an account with the same limits is already open (a load inside a load, such as a nested restore, shares its
     * parent's account).
     */
    public static <T> T run(Limits limits, String source, Supplier<T> load) {
        if (CURRENT.isBound() && CURRENT.get().limits.equals(limits)) {
            return load.get();
        }
        return ScopedValue.where(CURRENT, new LoadBudget(limits, source)).call(load::get);
    }

    /** The account of the load in progress, or a fresh one with the default limits. */
    public static LoadBudget current() {
        return CURRENT.isBound() ? CURRENT.get() : new LoadBudget(Limits.DEFAULTS, "model");
    }

    /** Charges the load in progress, if any (outside a load, an allocation is its caller's business). */
    public static void charge(long bytes, Supplier<String> what) {
        if (CURRENT.isBound()) {
            CURRENT.get().materialize(bytes, what);
        }
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Charges {@code bytes} about to be allocated for {@code what} (e.g. {@code "decompressing member
     * \"data.pkl\""}) to {@link Limits#maxInMemoryBytes()}; throws {@link CorruptModelException} naming the limit
     * when the load's total would exceed it.
     */
    public void materialize(long bytes, Supplier<String> what) {
        long total = materialized.addAndGet(bytes);
        if (total > limits.maxInMemoryBytes()) {
            materialized.addAndGet(-bytes);
            throw new CorruptModelException(source + ": " + what.get() + ": " + bytes + " bytes more would bring"
                    + " what this load holds in memory to " + total + " bytes, over the limit "
                    + Limits.exceeded("maxInMemoryBytes", limits.maxInMemoryBytes()) + ".");
        }
    }

    /** Bytes charged so far. */
    public long materialized() {
        return materialized.get();
    }
}
