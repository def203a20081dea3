package dev.brine.registry;

import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition on a version's metric, compared with the metric's value at its highest step (the final value of a
 * training run): {@code accuracy>=0.9}.
 */
public record MetricCondition(String metric, Comparison comparison, double value) {

    public enum Comparison {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        DoublePredicate against(double threshold) {
            return switch (this) {
                case LT -> actual -> actual < threshold;
                case LE -> actual -> actual <= threshold;
                case GT -> actual -> actual > threshold;
                case GE -> actual -> actual >= threshold;
                case EQ -> actual -> actual == threshold;
            };
        }
    }

    private static final Pattern TEXT = Pattern.compile("([A-Za-z0-9._/:-]+)\\s*(<=|>=|<|>|==|=)\\s*(\\S+)");

    public MetricCondition {
        Names.requireKey("metric name", metric);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric condition on '" + metric + "': " + value
                    + " is not a finite number");
        }
    }

    /** Parses {@code NAME OP VALUE} with OP one of {@code < <= > >= =}. */
    public static MetricCondition parse(String text) {
        Matcher matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("invalid metric condition '" + text + "'; write NAME>=VALUE (or <, "
                    + "<=, >, =), e.g. accuracy>=0.9");
        }
        Comparison comparison = switch (matcher.group(2)) {
            case "<" -> Comparison.LT;
            case "<=" -> Comparison.LE;
            case ">" -> Comparison.GT;
            case ">=" -> Comparison.GE;
            default -> Comparison.EQ;
        };
        try {
            return new MetricCondition(matcher.group(1), comparison, Double.parseDouble(matcher.group(3)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid metric condition '" + text + "': '" + matcher.group(3)
                    + "' is not a number");
        }
    }

    boolean test(double actual) {
        return comparison.against(value).test(actual);
    }

    @Override
    public String toString() {
        return metric + comparison.symbol() + value;
    }
}
