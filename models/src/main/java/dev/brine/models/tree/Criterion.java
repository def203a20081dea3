package dev.brine.models.tree;

import java.util.Locale;

/** How a tree measures a node's impurity: Gini or entropy for classes, squared error for numbers. */
public enum Criterion {
    GINI, ENTROPY, SQUARED_ERROR;

    public boolean forClassification() {
        return this != SQUARED_ERROR;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** scikit-learn's names; {@code log_loss} is its newer name for entropy, {@code friedman_mse} ranks splits as squared error does. */
    public static Criterion fromName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gini" -> GINI;
            case "entropy", "log_loss" -> ENTROPY;
            case "squared_error", "mse", "friedman_mse" -> SQUARED_ERROR;
            default -> throw new IllegalArgumentException("unknown criterion \"" + name
                    + "\"; use gini, entropy or squared_error");
        };
    }
}
