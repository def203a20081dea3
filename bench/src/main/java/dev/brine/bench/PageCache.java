package dev.brine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cold runs start from an empty page cache: {@code sync; echo 3 > /proc/sys/vm/drop_caches}, which needs root. Where
 * that is refused the report says "cold: not permitted" instead of pretending.
 */
public final class PageCache {
    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");

    private PageCache() {
    }

    /** Empties the page cache; false if this process may not. */
    public static boolean drop() {
        SystemTools.sync();
        try {
            Files.writeString(DROP_CACHES, "3\n");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
