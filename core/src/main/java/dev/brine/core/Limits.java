package dev.brine.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * The budget of one load: every size and count Brine reads from a file is checked against one of these before
 * anything is allocated (the idea of jackson-core's {@code StreamReadConstraints}), and every foreign graph runs
 * within its time. One value is passed down to every reader and into model restore. {@link #DEFAULTS} suits models up
 * to hundreds of gigabytes (they are mapped, not read into the heap) while refusing the absurd sizes a hostile file
 * declares; the limits that protect the heap are derived from it ({@link Runtime#maxMemory()}).
 *
 * <p>People raise a limit without code: {@code --limit NAME=VALUE} on every command that reads a model, or the
 * environment variable {@code BRINE_LIMITS_<NAME>} ({@link #fromEnvironment}), with values such as {@code 16MiB},
 * {@code 2_000_000} or {@code 30s}.
 *
 * @param maxHeaderBytes    largest safetensors / JSON header, in bytes (safetensors' own limit is 100 MB); at most a
 *                          quarter of the heap by default
 * @param maxTensors        most tensors (or arrays) in one file
 * @param maxRank           most dimensions of one tensor
 * @param maxTensorBytes    largest single tensor, in bytes
 * @param maxInMemoryBytes  most bytes a load may materialize on the heap or in native memory for content it cannot
 *                          map: a non-seekable stream, decompressed data, pickle strings and bytes, tensors copied out
 *                          of a file, all added up for one file; at most half the heap by default
 * @param maxNestingDepth   deepest nesting of JSON values or pickle containers
 * @param maxStringBytes    longest single string or byte string
 * @param maxElements       most elements in one container (JSON array/object, pickle list/dict/tuple, memo)
 * @param maxOperations     most interpreter steps for one file (pickle opcodes)
 * @param maxRunMillis      longest one run of a foreign graph (an ONNX Runtime session run), in milliseconds
 */
public record Limits(
        long maxHeaderBytes,
        int maxTensors,
        int maxRank,
        long maxTensorBytes,
        long maxInMemoryBytes,
        int maxNestingDepth,
        long maxStringBytes,
        long maxElements,
        long maxOperations,
        long maxRunMillis) {

    /** Environment variables {@code BRINE_LIMITS_MAX_IN_MEMORY_BYTES=512MiB} and so on override the defaults. */
    public static final String ENVIRONMENT_PREFIX = "BRINE_LIMITS_";

    /** The defaults for this JVM's heap. */
    public static final Limits DEFAULTS = forHeap(Runtime.getRuntime().maxMemory());

    public Limits {
        requirePositive("maxHeaderBytes", maxHeaderBytes);
        requirePositive("maxTensors", maxTensors);
        requirePositive("maxRank", maxRank);
        requirePositive("maxTensorBytes", maxTensorBytes);
        requirePositive("maxInMemoryBytes", maxInMemoryBytes);
        requirePositive("maxNestingDepth", maxNestingDepth);
        requirePositive("maxStringBytes", maxStringBytes);
        requirePositive("maxElements", maxElements);
        requirePositive("maxOperations", maxOperations);
        requirePositive("maxRunMillis", maxRunMillis);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** The defaults for a heap of {@code heapBytes}: the heap-bound limits shrink with it, the others do not. */
    public static Limits forHeap(long heapBytes) {
        return new Limits(
                Math.min(100_000_000L, heapBytes / 4),
                1_000_000,
                8,
                1L << 40,
                Math.min(4L << 30, heapBytes / 2),
                256,
                1L << 30,
                100_000_000L,
                1_000_000_000L,
                5_000L);
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * These limits with one changed by name, as people write it: {@code maxInMemoryBytes},
     * {@code max-in-memory-bytes} or {@code MAX_IN_MEMORY_BYTES}, and a value with its unit ({@code 512MiB},
     * {@code 2GB}, {@code 1_000_000}, {@code 30s}). Throws {@link IllegalArgumentException} naming the known limits
     * or the accepted units.
     */
    public Limits with(String name, String value) {
        Field field = Field.named(name);
        Builder builder = toBuilder();
        field.setter.accept(builder, field.kind.parse(value, field.name));
        return builder.build();
    }

    /** {@code base} with every {@code BRINE_LIMITS_<NAME>} of {@code environment} applied. */
    public static Limits fromEnvironment(Limits base, Map<String, String> environment) {
        Limits limits = base;
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (variable.getKey().startsWith(ENVIRONMENT_PREFIX)) {
                try {
                    limits = limits.with(variable.getKey().substring(ENVIRONMENT_PREFIX.length()),
                            variable.getValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("environment variable " + variable.getKey() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return limits;
    }

    /** Names of every limit, as {@link #with} takes them. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Field field : Field.values()) {
            names.add(field.name);
        }
        return names;
    }

    /**
     * Throws {@link CorruptModelException} when {@code value} exceeds {@code limit}. {@code what} names the value
     * and where it was read, e.g. {@code "model.pkl offset 1841: bytes length"}.
     */
    public static void check(String what, long value, long limit, String limitName) {
        if (value < 0) {
            throw new CorruptModelException(what + " is negative (" + value + "): the file is corrupt.");
        }
        if (value > limit) {
            throw new CorruptModelException(what + " is " + value + ", over the limit " + exceeded(limitName, limit)
                    + ".");
        }
    }

    /**
     * The words every exhausted budget ends with: which limit, its value, and how to raise it, e.g.
     * {@code maxInMemoryBytes = 268435456 (256 MiB); if the file is trusted and really needs more, raise it: --limit
     * maxInMemoryBytes=512MiB, BRINE_LIMITS_MAX_IN_MEMORY_BYTES=512MiB or Limits.builder().maxInMemoryBytes(…)}.
     */
    public static String exceeded(String limitName, long limit) {
        Field field = Field.find(limitName);
        if (field == null) {
            return limitName + " = " + limit;
        }
        String raised = field.kind.format(limit > Long.MAX_VALUE / 2 ? limit : limit * 2);
        return field.name + " = " + limit + field.kind.describe(limit) + "; if the file is trusted and really needs"
                + " more, raise it: --limit " + field.name + "=" + raised + ", " + ENVIRONMENT_PREFIX
                + field.environmentName() + "=" + raised + " or Limits.builder()." + field.name + "(…)";
    }

    /** The limits, by name: how each is read from text and set on a builder. */
    private enum Field {
        MAX_HEADER_BYTES("maxHeaderBytes", Kind.BYTES, Builder::maxHeaderBytes),
        MAX_TENSORS("maxTensors", Kind.COUNT, (b, v) -> b.maxTensors(toInt(v, "maxTensors"))),
        MAX_RANK("maxRank", Kind.COUNT, (b, v) -> b.maxRank(toInt(v, "maxRank"))),
        MAX_TENSOR_BYTES("maxTensorBytes", Kind.BYTES, Builder::maxTensorBytes),
        MAX_IN_MEMORY_BYTES("maxInMemoryBytes", Kind.BYTES, Builder::maxInMemoryBytes),
        MAX_NESTING_DEPTH("maxNestingDepth", Kind.COUNT,
                (b, v) -> b.maxNestingDepth(toInt(v, "maxNestingDepth"))),
        MAX_STRING_BYTES("maxStringBytes", Kind.BYTES, Builder::maxStringBytes),
        MAX_ELEMENTS("maxElements", Kind.COUNT, Builder::maxElements),
        MAX_OPERATIONS("maxOperations", Kind.COUNT, Builder::maxOperations),
        MAX_RUN_MILLIS("maxRunMillis", Kind.MILLIS, Builder::maxRunMillis);

        final String name;
        final Kind kind;
        final ObjLongConsumer<Builder> setter;

        Field(String name, Kind kind, ObjLongConsumer<Builder> setter) {
            this.name = name;
            this.kind = kind;
            this.setter = setter;
        }

        String environmentName() {
            return name();
        }

        /** Case, '-' and '_' do not matter: maxRank, max-rank and MAX_RANK name one limit. */
        static Field named(String text) {
            Field field = find(text);
            if (field == null) {
                throw new IllegalArgumentException("no limit is called \"" + text + "\"; the limits are "
                        + names());
            }
            return field;
        }

        static Field find(String text) {
            String wanted = text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
            for (Field field : values()) {
                if (field.name.toLowerCase(Locale.ROOT).equals(wanted)) {
                    return field;
                }
            }
            return null;
        }

        private static int toInt(long value, String name) {
            if (value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " is at most " + Integer.MAX_VALUE + ", not " + value);
            }
            return (int) value;
        }
    }

    /** How a limit's value is written: bytes with a unit, a plain count, or a duration. */
    private enum Kind {
        BYTES(new String[] {"TiB", "GiB", "MiB", "KiB", "TB", "GB", "MB", "kB", "KB", "B"},
                new long[] {1L << 40, 1L << 30, 1L << 20, 1L << 10, 1_000_000_000_000L, 1_000_000_000L, 1_000_000L,
                        1000L, 1000L, 1L}),
        COUNT(new String[] {"G", "M", "k"}, new long[] {1_000_000_000L, 1_000_000L, 1000L}),
        MILLIS(new String[] {"ms", "s", "min", "m", "h"}, new long[] {1L, 1000L, 60_000L, 60_000L, 3_600_000L});

        private final String[] units;
        private final long[] factors;

        Kind(String[] units, long[] factors) {
            this.units = units;
            this.factors = factors;
        }

        long parse(String text, String name) {
            String value = text.strip().replace("_", "");
            long factor = 1;
            for (int i = 0; i < units.length; i++) {
                if (value.endsWith(units[i]) && value.length() > units[i].length()) {
                    String number = value.substring(0, value.length() - units[i].length()).strip();
                    if (!number.isEmpty() && Character.isDigit(number.charAt(number.length() - 1))) {
                        value = number;
                        factor = factors[i];
                        break;
                    }
                }
            }
            try {
                long number = Long.parseLong(value);
                if (number <= 0) {
                    throw new NumberFormatException();
                }
                return Math.multiplyExact(number, factor);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(name + "=" + text + " is not a positive " + unitsHelp());
            }
        }

        String unitsHelp() {
            return switch (this) {
                case BYTES -> "size (bytes, or with a unit: 64KiB, 512MiB, 2GiB, 1TiB, 100MB)";
                case COUNT -> "whole number (1000000, 1_000_000, 1M, 500k)";
                case MILLIS -> "duration (milliseconds, or with a unit: 500ms, 30s, 2min, 1h)";
            };
        }

        /** The shortest exact text of {@code value} in this kind's units, e.g. {@code 512MiB}. */
        String format(long value) {
            int best = -1;
            for (int i = 0; i < units.length; i++) {
                boolean fits = value >= factors[i] && value % factors[i] == 0 && (this != BYTES || isBinary(units[i]));
                if (fits && (best < 0 || factors[i] > factors[best])) {
                    best = i;
                }
            }
            return best < 0 ? Long.toString(value) : (value / factors[best]) + units[best];
        }

        String describe(long value) {
            String formatted = format(value);
            return formatted.equals(Long.toString(value)) ? "" : " (" + formatted + ")";
        }

        private static boolean isBinary(String unit) {
            return unit.endsWith("iB");
        }
    }

    /** Mutable companion for building a {@link Limits} from the defaults. */
    public static final class Builder {
        private long maxHeaderBytes;
        private int maxTensors;
        private int maxRank;
        private long maxTensorBytes;
        private long maxInMemoryBytes;
        private int maxNestingDepth;
        private long maxStringBytes;
        private long maxElements;
        private long maxOperations;
        private long maxRunMillis;

        private Builder(Limits from) {
            maxHeaderBytes = from.maxHeaderBytes;
            maxTensors = from.maxTensors;
            maxRank = from.maxRank;
            maxTensorBytes = from.maxTensorBytes;
            maxInMemoryBytes = from.maxInMemoryBytes;
            maxNestingDepth = from.maxNestingDepth;
            maxStringBytes = from.maxStringBytes;
            maxElements = from.maxElements;
            maxOperations = from.maxOperations;
            maxRunMillis = from.maxRunMillis;
        }

        public Builder maxHeaderBytes(long value) { maxHeaderBytes = value; return this; }
        public Builder maxTensors(int value) { maxTensors = value; return this; }
        public Builder maxRank(int value) { maxRank = value; return this; }
        public Builder maxTensorBytes(long value) { maxTensorBytes = value; return this; }
        public Builder maxInMemoryBytes(long value) { maxInMemoryBytes = value; return this; }
        public Builder maxNestingDepth(int value) { maxNestingDepth = value; return this; }
        public Builder maxStringBytes(long value) { maxStringBytes = value; return this; }
        public Builder maxElements(long value) { maxElements = value; return this; }
        public Builder maxOperations(long value) { maxOperations = value; return this; }
        public Builder maxRunMillis(long value) { maxRunMillis = value; return this; }

        public Limits build() {
            return new Limits(maxHeaderBytes, maxTensors, maxRank, maxTensorBytes, maxInMemoryBytes,
                    maxNestingDepth, maxStringBytes, maxElements, maxOperations, maxRunMillis);
        }
    }
}
