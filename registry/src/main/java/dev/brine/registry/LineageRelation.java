package dev.brine.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a version came from its parent. */
public enum LineageRelation {
    RESUMED_FROM, FINE_TUNED_FROM, CONVERTED_FROM, DERIVED_FROM;

    /** The spelling users type and JSON shows: {@code fine-tuned-from}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LineageRelation parse(String label) {
        for (LineageRelation relation : values()) {
            if (relation.label().equals(label) || relation.name().equals(label)) {
                return relation;
            }
        }
        throw new IllegalArgumentException("unknown lineage relation '" + label + "'; use one of "
                + Arrays.stream(values()).map(LineageRelation::label).collect(Collectors.joining(", ")));
    }
}
