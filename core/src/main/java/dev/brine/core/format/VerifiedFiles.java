package dev.brine.core.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code .brine} files this process has verified, so that loading the same file again (a server reloading, a
 * program loading a model per request) does not hash it again. A file is known by its identity on disk — device,
 * inode, size, modification time and, where the file system tells it, the status-change time, which no one can set
 * back — so any write to the file, a file renamed over it, or a touch, makes it a stranger to be hashed afresh.
 *
 * <p>The identity is read before the file is opened and again after it was hashed; only when the two agree is the
 * file remembered, so a file replaced while it was hashed is not remembered under either identity.
 */
public final class VerifiedFiles {
    /** Identities remembered at most; the least recently used is forgotten first. */
    private static final int CAPACITY = 4096;
    private static final Map<Identity, Boolean> VERIFIED = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };
    private static final AtomicLong HASHED = new AtomicLong();

    private VerifiedFiles() {
    }

    /** What tells one state of a file from another without reading it. */
    public record Identity(Object key, long size, Object modified, Object changed) {
    }

    /** The file's identity now. */
    public static Identity identity(Path path) {
        try {
            try {
                Map<String, Object> unix = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,ctime");
                return new Identity(unix.get("dev") + ":" + unix.get("ino"), (Long) unix.get("size"),
                        unix.get("lastModifiedTime"), unix.get("ctime"));
            } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
                BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class);
                return new Identity(basic.fileKey(), basic.size(), basic.lastModifiedTime(), basic.creationTime());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of " + path, e);
        }
    }

    /**
     * Throws {@link dev.brine.core.CorruptModelException} naming every damaged tensor unless the open {@code file}
     * (opened from {@code path} when it had identity {@code before}) is intact: remembered as verified, or hashed
     * now. A file without a manifest has no digests and passes.
     */
    public static void requireIntact(Path path, Identity before, BrineFile file) {
        if (file.manifest().isEmpty()) {
            return;
        }
        synchronized (VERIFIED) {
            if (VERIFIED.containsKey(before) && identity(path).equals(before)) {
                return;
            }
        }
        HASHED.incrementAndGet();
        Verifier.verify(file).requireIntact();
        if (identity(path).equals(before)) {
            synchronized (VERIFIED) {
                VERIFIED.put(before, Boolean.TRUE);
            }
        }
    }

    /** How many files this process hashed to verify them (for tests and benchmarks: a remembered file is not). */
    public static long filesHashed() {
        return HASHED.get();
    }

    /** Forgets every file (a benchmark measuring the first load in a process calls this between repetitions). */
    public static void forgetAll() {
        synchronized (VERIFIED) {
            VERIFIED.clear();
        }
    }
}
