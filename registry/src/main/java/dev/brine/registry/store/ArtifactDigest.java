package dev.brine.registry.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The SHA-256 of an artifact's bytes: its identity and its address in every {@link ArtifactStore}. Written as
 * {@code sha256:<64 lowercase hex digits>}.
 */
public record ArtifactDigest(String hex) {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String PREFIX = "sha256:";

    public ArtifactDigest {
        if (!HEX_SHA256.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 digest (64 lowercase hex digits): '" + hex + "'");
        }
    }

    /** Parses {@code sha256:<hex>} or a bare 64-digit hex string. */
    public static ArtifactDigest parse(String text) {
        return new ArtifactDigest(text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text);
    }

    public static ArtifactDigest of(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + sha256.length);
        }
        return new ArtifactDigest(HexFormat.of().formatHex(sha256));
    }

    /** Hashes a whole file, streaming. */
    public static ArtifactDigest ofFile(Path file) throws IOException {
        MessageDigest sha256 = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, read);
            }
        }
        return of(sha256.digest());
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** The digest as S3's {@code x-amz-checksum-sha256} header spells it. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes());
    }

    /** A short form for people: {@code sha256:0123456789ab}. */
    public String shortForm() {
        return PREFIX + hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
