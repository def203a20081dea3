package dev.brine.python.io;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.io.ZipArchive;
import dev.brine.core.io.ZipEntry;

import java.lang.foreign.MemorySegment;

/**
 * How many bytes a Python-format reader may hold in memory for one file: {@link Limits#maxInMemoryBytes()}, and
 * never more than a quarter of this JVM's heap, so that a file which asks for more (a decompression bomb, a million
 * memo entries, a zero-stride view of terabytes) is refused with a message instead of ending in an
 * {@link OutOfMemoryError}. It is derived from the one {@code Limits} value; it is not a second set of limits.
 */
public final class MemoryBudget {

    private MemoryBudget() {
    }

    /**
     * What one file has materialized so far (copies of strided or byte-swapped views, one storage copied for each
     * view of it), against the budget: zero strides and views over one storage cannot multiply a small file.
     */
    public static final class Account {
        private final Limits limits;
        private final long budget;
        private long used;

        public Account(Limits limits) {
            this.limits = limits;
            this.budget = of(limits);
        }

        /** Counts {@code bytes} about to be allocated for {@code what}, refusing them past the budget. */
        public void charge(long bytes, String what) {
            if (bytes > budget - used) {
                throw exceeded(what + " (" + bytes + " bytes to copy, after " + used + " already copied for this"
                        + " file)", limits);
            }
            used += bytes;
        }
    }

    /** The budget in bytes for one file read with {@code limits}. */
    public static long of(Limits limits) {
        return Math.min(limits.maxInMemoryBytes(), heapShare());
    }

    private static long heapShare() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /**
     * The error for {@code what} needing more than {@code budget} bytes: names the limit that bound it, its value
     * and how to raise it.
     */
    public static CorruptModelException exceeded(String what, Limits limits) {
        long budget = of(limits);
        String bound = budget == limits.maxInMemoryBytes()
                ? "the limit maxInMemoryBytes = " + budget + "; if the file is trusted and really this large, raise"
                        + " it (Limits.builder().maxInMemoryBytes(…), or the CLI's limit options)"
                : "a quarter of this JVM's heap (" + budget + " bytes, under maxInMemoryBytes = "
                        + limits.maxInMemoryBytes() + "); if the file is trusted, give the JVM more heap (-Xmx, e.g."
                        + " BRINE_JAVA_OPTS=-Xmx16g for the CLI)";
        return new CorruptModelException(what + " needs more than " + budget + " bytes in memory, over " + bound
                + ". A small file that asks for this much is a bomb.");
    }

    /**
     * The bytes of a ZIP member, refusing a compressed member whose declared size is past the budget before
     * anything is inflated (the archive reader allocates the declared size, then checks that the data fills it).
     */
    public static MemorySegment entryData(ZipArchive archive, ZipEntry entry, Limits limits) {
        if (entry.method() != ZipEntry.STORED && entry.size() > of(limits)) {
            throw exceeded(archive.source() + " entry " + entry.name() + ": the member declares " + entry.size()
                    + " bytes uncompressed; it", limits);
        }
        return archive.data(entry);
    }
}
