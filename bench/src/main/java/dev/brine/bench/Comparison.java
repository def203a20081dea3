package dev.brine.bench;

import java.util.OptionalDouble;

/**
 * One row of the report: Brine's timings against a reference's, measured in the same run. For a throughput goal
 * ({@link Goal.Direction#AT_LEAST}) the ratio is reference time ÷ Brine time, so above 1 means Brine is faster; for a
 * growth limit ({@link Goal.Direction#AT_MOST}, open + inspect) it is Brine time ÷ reference time.
 *
 * @param bytes bytes each operation moves, for the throughput column; 0 when it does not apply
 */
public record Comparison(String measurement, String size, String cache, String brineOperation, Samples brine,
                         String reference, Samples referenceSamples, long bytes, Goal goal) {

    public double medianRatio() {
        return ratio(brine.median(), referenceSamples.median());
    }

    /** Ratio of the best runs: on a shared machine the least-disturbed repetition of each side. */
    public double bestRatio() {
        return ratio(brine.min(), referenceSamples.min());
    }

    private double ratio(long brineNanos, long referenceNanos) {
        return goal.direction() == Goal.Direction.AT_MOST
                ? (double) brineNanos / referenceNanos : (double) referenceNanos / brineNanos;
    }

    /** Met, missed, or empty for a row that only reports (peers, sizes the goal is not about). */
    public java.util.Optional<Boolean> met() {
        OptionalDouble target = goal.target();
        if (target.isEmpty()) {
            return java.util.Optional.empty();
        }
        double ratio = medianRatio();
        return java.util.Optional.of(goal.direction() == Goal.Direction.AT_MOST
                ? ratio <= target.getAsDouble() : ratio >= target.getAsDouble());
    }

    /** What a row aims for: a ratio bound, or nothing for a row that only reports. */
    public record Goal(Direction direction, OptionalDouble target) {
        public enum Direction { AT_LEAST, AT_MOST }

        public static Goal atLeast(double target) {
            return new Goal(Direction.AT_LEAST, OptionalDouble.of(target));
        }

        public static Goal atMost(double target) {
            return new Goal(Direction.AT_MOST, OptionalDouble.of(target));
        }

        public static Goal report() {
            return new Goal(Direction.AT_LEAST, OptionalDouble.empty());
        }

        /** The same direction without a target: the goals are about large files, so 1 MB rows only report. */
        public Goal reportOnly() {
            return new Goal(direction, OptionalDouble.empty());
        }

        public String describe() {
            if (target.isEmpty()) {
                return "report";
            }
            return (direction == Direction.AT_LEAST ? "≥ " : "≤ ") + target.getAsDouble() + "×";
        }
    }
}
