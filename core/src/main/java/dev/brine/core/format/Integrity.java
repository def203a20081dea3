package dev.brine.core.format;

import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of tensor bytes, the digest the manifest records for every tensor. */
public final class Integrity {
    /** Chunk fed to the digest at a time: large enough to amortise calls, small enough to stay in cache. */
    static final int CHUNK_BYTES = 1 << 20;
    private static final HexFormat HEX = HexFormat.of();

    private Integrity() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** Lower-case hex SHA-256 of the segment's bytes. */
    public static String sha256(MemorySegment bytes) {
        MessageDigest digest = newDigest();
        update(digest, bytes);
        return hex(digest.digest());
    }

    static void update(MessageDigest digest, MemorySegment bytes) {
        for (long position = 0; position < bytes.byteSize(); position += CHUNK_BYTES) {
            long length = Math.min(CHUNK_BYTES, bytes.byteSize() - position);
            digest.update(bytes.asSlice(position, length).asByteBuffer());
        }
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
