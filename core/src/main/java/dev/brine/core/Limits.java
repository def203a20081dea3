package dev.brine.core;

/**
 * Every size and count Brine reads from a file is checked against one of these before anything is allocated
 * (the idea of jackson-core's {@code StreamReadConstraints}). Readers take a {@code Limits}; {@link #DEFAULTS} suits
 * models up to hundreds of gigabytes on a small machine while refusing the absurd sizes a hostile file declares.
 *
 * @param maxHeaderBytes    largest safetensors / JSON header, in bytes (safetensors' own limit is 100 MB)
 * @param maxTensors        most tensors (or arrays) in one file
 * @param maxRank           most dimensions of one tensor
 * @param maxTensorBytes    largest single tensor, in bytes
 * @param maxInMemoryBytes  most bytes a reader may allocate for content it cannot map: a non-seekable stream,
 *                          decompressed data, pickle strings and bytes, all added up for one file
 * @param maxNestingDepth   deepest nesting of JSON values or pickle containers
 * @param maxStringBytes    longest single string or byte string
 * @param maxElements       most elements in one container (JSON array/object, pickle list/dict/tuple, memo)
 * @param maxOperations     most interpreter steps for one file (pickle opcodes)
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
        long maxOperations) {

    public static final Limits DEFAULTS = new Limits(
            100_000_000L,
            1_000_000,
            8,
            1L << 40,
            4L << 30,
            256,
            1L << 30,
            100_000_000L,
            1_000_000_000L);

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
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
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
            throw new CorruptModelException(what + " is " + value + ", over the limit " + limitName + " = " + limit
                    + ". If the file is trusted and really this large, raise the limit (Limits.builder()."
                    + limitName + "(…)).");
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

        public Limits build() {
            return new Limits(maxHeaderBytes, maxTensors, maxRank, maxTensorBytes, maxInMemoryBytes,
                    maxNestingDepth, maxStringBytes, maxElements, maxOperations);
        }
    }
}
