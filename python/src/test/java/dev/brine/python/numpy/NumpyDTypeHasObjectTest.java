package dev.brine.python.numpy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** numpy's {@code dtype.hasobject}: an object anywhere in a structured dtype, as numpy and joblib decide it. */
class NumpyDTypeHasObjectTest {
    private static final NumpyDType F8 = NumpyDType.parse("<f8", "test");
    private static final NumpyDType OBJECT = NumpyDType.parse("|O", "test");

    @Test
    void anObjectFieldNestedFieldOrSubarrayElementCounts() {
        NumpyDType field = NumpyDType.structured(List.of(new NumpyDType.Field("a", F8, 0),
                new NumpyDType.Field("b", OBJECT, 8)), 16);
        NumpyDType nested = NumpyDType.structured(List.of(new NumpyDType.Field("outer", field, 0)), 16);
        NumpyDType subarray = NumpyDType.ofSubarray(OBJECT, new long[] {2}, 16);
        NumpyDType numeric = NumpyDType.structured(List.of(new NumpyDType.Field("a", F8, 0),
                new NumpyDType.Field("b", NumpyDType.ofSubarray(F8, new long[] {2}, 16), 8)), 24);
        assertTrue(field.hasObject() && nested.hasObject() && subarray.hasObject());
        assertFalse(field.isObject() || nested.isObject() || subarray.isObject(), "kind V: isObject misses them");
        assertFalse(numeric.hasObject() || F8.hasObject());
        assertTrue(OBJECT.hasObject());
    }

    @Test
    @Timeout(5)
    void sharedSubDtypesAreVisitedOnce() {
        // 64 levels, each with two fields of the level below: 2^64 paths to the innermost float, checked once each.
        NumpyDType level = F8;
        for (int i = 0; i < 64; i++) {
            List<NumpyDType.Field> fields = new ArrayList<>();
            fields.add(new NumpyDType.Field("x", level, 0));
            fields.add(new NumpyDType.Field("y", level, 0));
            level = NumpyDType.structured(fields, 8);
        }
        assertFalse(level.hasObject());
    }
}
