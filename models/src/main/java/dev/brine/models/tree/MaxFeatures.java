package dev.brine.models.tree;

import dev.brine.core.json.Json;

/**
 * How many features a split considers, as scikit-learn's {@code max_features}: all of them, √d, log₂d, a count, or a
 * fraction of d (at least one).
 */
public sealed interface MaxFeatures {

    int resolve(int featureCount);

    Json toJson();

    record All() implements MaxFeatures {
        @Override
        public int resolve(int featureCount) {
            return featureCount;
        }

        @Override
        public Json toJson() {
            return Json.JsonNull.NULL;
        }
    }

    record Sqrt() implements MaxFeatures {
        @Override
        public int resolve(int featureCount) {
            return Math.max(1, (int) Math.sqrt(featureCount));
        }

        @Override
        public Json toJson() {
            return Json.of("sqrt");
        }
    }

    record Log2() implements MaxFeatures {
        @Override
        public int resolve(int featureCount) {
            return Math.max(1, (int) (Math.log(featureCount) / Math.log(2)));
        }

        @Override
        public Json toJson() {
            return Json.of("log2");
        }
    }

    record Count(int count) implements MaxFeatures {
        public Count {
            if (count < 1) throw new IllegalArgumentException("max_features must be >= 1, got " + count);
        }

        @Override
        public int resolve(int featureCount) {
            return Math.min(count, featureCount);
        }

        @Override
        public Json toJson() {
            return Json.of(count);
        }
    }

    record Fraction(double fraction) implements MaxFeatures {
        public Fraction {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("max_features fraction must be in (0, 1], got " + fraction);
            }
        }

        @Override
        public int resolve(int featureCount) {
            return Math.max(1, (int) (fraction * featureCount));
        }

        @Override
        public Json toJson() {
            return Json.of(fraction);
        }
    }

    /** From JSON or a command-line value: null/"all", "sqrt", "log2", an integer count or a fraction like 0.5. */
    static MaxFeatures parse(String text) {
        if (text == null || text.equals("all") || text.equals("null") || text.equals("None")) return new All();
        if (text.equals("sqrt") || text.equals("auto")) return new Sqrt();
        if (text.equals("log2")) return new Log2();
        if (text.contains(".")) {
            double fraction = Double.parseDouble(text);
            return fraction == 1.0 ? new All() : new Fraction(fraction);
        }
        return new Count(Integer.parseInt(text));
    }

    static MaxFeatures fromJson(Json json) {
        return switch (json) {
            case Json.JsonNull nothing -> new All();
            case Json.JsonString text -> parse(text.value());
            case Json.JsonNumber number -> number.isIntegral() ? new Count(Math.toIntExact(number.longValue()))
                    : parse(number.text());
            default -> throw new IllegalArgumentException("max_features must be null, a string or a number");
        };
    }
}
