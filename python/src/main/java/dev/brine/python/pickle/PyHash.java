package dev.brine.python.pickle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.SecureRandom;

/**
 * Hash codes of Python values that a file cannot flood: SipHash-2-4 under a key drawn once per JVM, as CPython
 * hashes str and bytes. Java's own {@code String.hashCode}, {@code BigInteger.hashCode} and
 * {@code Double.hashCode} are public functions, so a file could hold 65 536 dict keys with one hash and make every
 * insertion walk all the others; with a secret key, colliding values cannot be chosen in advance.
 */
final class PyHash {
    private static final long K0;
    private static final long K1;

    static {
        SecureRandom random = new SecureRandom();
        K0 = random.nextLong();
        K1 = random.nextLong();
    }

    private PyHash() {
    }

    /** The hash of a string's UTF-16 code units, tagged so that equal-looking values of other types differ. */
    static int ofString(String text) {
        Sip sip = new Sip('s');
        for (int i = 0; i < text.length(); i++) {
            sip.add16(text.charAt(i));
        }
        return sip.finish();
    }

    static int ofBytes(MemorySegment data, boolean byteArray) {
        Sip sip = new Sip(byteArray ? 'a' : 'b');
        long length = data.byteSize();
        for (long i = 0; i < length; i++) {
            sip.add8(data.get(ValueLayout.JAVA_BYTE, i));
        }
        return sip.finish();
    }

    static int ofLongs(char tag, long... values) {
        Sip sip = new Sip(tag);
        for (long value : values) {
            sip.add64(value);
        }
        return sip.finish();
    }

    static int ofBytes(char tag, byte[] data) {
        Sip sip = new Sip(tag);
        for (byte b : data) {
            sip.add8(b);
        }
        return sip.finish();
    }

    /** SipHash-2-4 over a stream of bytes, fed in little-endian words. */
    private static final class Sip {
        private long v0 = K0 ^ 0x736f6d6570736575L;
        private long v1 = K1 ^ 0x646f72616e646f6dL;
        private long v2 = K0 ^ 0x6c7967656e657261L;
        private long v3 = K1 ^ 0x7465646279746573L;
        private long word;
        private int bytesInWord;
        private long length;

        Sip(char tag) {
            add8((byte) tag);
        }

        void add8(byte b) {
            word |= (b & 0xFFL) << (8 * bytesInWord);
            length++;
            if (++bytesInWord == 8) {
                compress(word);
                word = 0;
                bytesInWord = 0;
            }
        }

        void add16(char c) {
            add8((byte) c);
            add8((byte) (c >>> 8));
        }

        void add64(long value) {
            for (int i = 0; i < 8; i++) {
                add8((byte) (value >>> (8 * i)));
            }
        }

        private void compress(long m) {
            v3 ^= m;
            round();
            round();
            v0 ^= m;
        }

        private void round() {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }

        int finish() {
            compress(word | (length << 56));
            v2 ^= 0xFF;
            for (int i = 0; i < 4; i++) {
                round();
            }
            long hash = v0 ^ v1 ^ v2 ^ v3;
            return (int) (hash ^ (hash >>> 32));
        }
    }
}
