package dev.brine.signing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little of ASN.1 DER that key files need: reading the elements of a SEQUENCE and writing one back. Enough to
 * turn a SEC1 {@code EC PRIVATE KEY} into the PKCS#8 and SubjectPublicKeyInfo structures the JDK reads.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;

    private Der() {
    }

    /** One element: its tag, its whole encoding and its contents. */
    record Element(int tag, byte[] encoded, byte[] contents) {
        /** The elements inside a constructed element (a SEQUENCE, a context-specific [n]). */
        List<Element> children() {
            return readAll(contents);
        }
    }

    /** Reads the consecutive elements of {@code bytes}, which must hold nothing else. */
    static List<Element> readAll(byte[] bytes) {
        List<Element> elements = new ArrayList<>();
        int position = 0;
        while (position < bytes.length) {
            Element element = readAt(bytes, position);
            elements.add(element);
            position += element.encoded().length;
        }
        return elements;
    }

    /** Reads the one element that {@code bytes} holds. */
    static Element read(byte[] bytes) {
        Element element = readAt(bytes, 0);
        if (element.encoded().length != bytes.length) {
            throw new IllegalArgumentException("DER: " + (bytes.length - element.encoded().length)
                    + " bytes follow the element");
        }
        return element;
    }

    private static Element readAt(byte[] bytes, int start) {
        if (start + 2 > bytes.length) {
            throw new IllegalArgumentException("DER: truncated element at offset " + start);
        }
        int tag = bytes[start] & 0xff;
        int first = bytes[start + 1] & 0xff;
        int headerBytes = 2;
        long length = first;
        if (first >= 0x80) {
            int count = first & 0x7f;
            if (count == 0 || count > 4 || start + 2 + count > bytes.length) {
                throw new IllegalArgumentException("DER: bad length at offset " + start);
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (bytes[start + 2 + i] & 0xff);
            }
            headerBytes += count;
        }
        long end = start + headerBytes + length;
        if (end > bytes.length) {
            throw new IllegalArgumentException("DER: element at offset " + start + " runs past the end");
        }
        return new Element(tag, Arrays.copyOfRange(bytes, start, (int) end),
                Arrays.copyOfRange(bytes, start + headerBytes, (int) end));
    }

    /** Encodes one element from its tag and contents. */
    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream contents = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            contents.writeBytes(part);
        }
        int length = contents.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int count = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
            out.write(0x80 | count);
            for (int i = count - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(contents.toByteArray());
        return out.toByteArray();
    }
}
