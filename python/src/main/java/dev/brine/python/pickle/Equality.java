package dev.brine.python.pickle;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Equality of immutable containers (tuples, frozensets) that compares each pair of objects once. Pickles share
 * objects through the memo, so a tuple 40 levels deep whose items are the level below, twice, has 2^40 paths;
 * comparing two such tuples path by path would never end. Pairs already proven equal during the outermost
 * comparison are remembered, so the work is bounded by the number of distinct pairs; a mismatch ends it at once.
 */
final class Equality {
    private static final ThreadLocal<Map<PyValue, Set<PyValue>>> PROVEN = new ThreadLocal<>();

    private Equality() {
    }

    /** {@code deep} compares the items of {@code a} and {@code b}, which are already known to match shallowly. */
    static boolean equal(PyValue a, PyValue b, BooleanSupplier deep) {
        Map<PyValue, Set<PyValue>> proven = PROVEN.get();
        boolean outermost = proven == null;
        if (outermost) {
            proven = new IdentityHashMap<>();
            PROVEN.set(proven);
        }
        try {
            Set<PyValue> equalToA = proven.get(a);
            if (equalToA != null && equalToA.contains(b)) {
                return true;
            }
            if (!deep.getAsBoolean()) {
                return false;
            }
            proven.computeIfAbsent(a, key -> Collections.newSetFromMap(new IdentityHashMap<>())).add(b);
            return true;
        } finally {
            if (outermost) {
                PROVEN.remove();
            }
        }
    }
}
