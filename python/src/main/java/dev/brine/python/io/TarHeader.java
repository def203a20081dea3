package dev.brine.python.io;

import java.nio.charset.StandardCharsets;

/**
 * Whether Python's {@code tarfile.open(mode='r:')} accepts a file, the test {@code torch.load} makes (in
 * {@code _legacy_load}, through {@code legacy_load}) on every file that does not start with a ZIP header, before it
 * reads the file as the legacy pickles. tarfile needs no {@code ustar} magic: a first 512-byte block that is not all
 * zeros and whose checksum field ({@code nti}: octal text, or base-256) equals the unsigned or the signed byte sum of
 * the block, with the field itself counted as spaces.
 */
public final class TarHeader {
    static final int BLOCK = 512;
    private static final int CHECKSUM_AT = 148;
    private static final int CHECKSUM_LENGTH = 8;

    private TarHeader() {
    }

    /** True when {@code head} (the first bytes of a file) holds a block Python's tarfile reads as a header. */
    public static boolean pythonOpens(byte[] head) {
        if (head.length < BLOCK) {
            return false;
        }
        long unsigned = 256;
        long signed = 256;
        boolean allZero = true;
        for (int i = 0; i < BLOCK; i++) {
            allZero &= head[i] == 0;
            if (i < CHECKSUM_AT || i >= CHECKSUM_AT + CHECKSUM_LENGTH) {
                unsigned += head[i] & 0xFF;
                signed += head[i];
            }
        }
        if (allZero) {
            return false;
        }
        Long checksum = checksumField(head);
        return checksum != null && (checksum == unsigned || checksum == signed);
    }

    /** tarfile's {@code nti} on the checksum field; null where it raises {@code InvalidHeaderError}. */
    private static Long checksumField(byte[] head) {
        int first = head[CHECKSUM_AT] & 0xFF;
        if (first == 0x80 || first == 0xFF) {
            long value = 0;
            for (int i = 1; i < CHECKSUM_LENGTH; i++) {
                value = (value << 8) | (head[CHECKSUM_AT + i] & 0xFF);
            }
            return first == 0xFF ? value - (1L << 56) : value;
        }
        int end = CHECKSUM_AT;
        while (end < CHECKSUM_AT + CHECKSUM_LENGTH && head[end] != 0) {
            end++;
        }
        for (int i = CHECKSUM_AT; i < end; i++) {
            if (head[i] < 0) {
                return null; // not ASCII: nts(..., "ascii", "strict") fails
            }
        }
        return octalIntLiteral(new String(head, CHECKSUM_AT, end - CHECKSUM_AT, StandardCharsets.US_ASCII));
    }

    /** {@code int(text.strip() or "0", 8)}: sign, optional {@code 0o}, octal digits with single underscores. */
    private static Long octalIntLiteral(String raw) {
        String text = raw.strip();
        // str.strip() also removes the ASCII separators \x1c-\x1f, which Java's strip() keeps.
        while (!text.isEmpty() && text.charAt(0) >= 0x1c && text.charAt(0) <= 0x1f) text = text.substring(1).strip();
        while (!text.isEmpty() && text.charAt(text.length() - 1) >= 0x1c && text.charAt(text.length() - 1) <= 0x1f) {
            text = text.substring(0, text.length() - 1).strip();
        }
        if (text.isEmpty()) {
            return 0L;
        }
        int at = 0;
        boolean negative = false;
        if (text.charAt(0) == '+' || text.charAt(0) == '-') {
            negative = text.charAt(0) == '-';
            at++;
        }
        if (text.length() >= at + 2 && text.charAt(at) == '0' && (text.charAt(at + 1) | 0x20) == 'o') {
            at += 2;
            if (at < text.length() && text.charAt(at) == '_') {
                at++;
            }
        }
        long value = 0;
        boolean digitBefore = false;
        for (; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c >= '0' && c <= '7') {
                value = value * 8 + (c - '0');
                digitBefore = true;
            } else if (c == '_' && digitBefore && at + 1 < text.length() && text.charAt(at + 1) != '_') {
                digitBefore = false;
            } else {
                return null;
            }
        }
        return digitBefore ? (negative ? -value : value) : null;
    }
}
