package dev.brine.python.pickle;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text arguments of protocol-0 opcodes and string payloads, decoded as CPython decodes them. Each method
 * returns empty when the text is malformed; the unpickler turns that into a message with the offset.
 */
final class PickleText {
    /** CPython refuses to convert longer decimal strings to int (sys.int_info.default_max_str_digits). */
    static final int MAX_INT_DIGITS = 4300;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private PickleText() {
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Strict UTF-8, as {@code BINUNICODE} requires. */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** An {@code INT}/{@code LONG}/{@code GET}/{@code PUT} argument: decimal, an optional trailing {@code L}. */
    static Optional<BigInteger> decimal(byte[] line, boolean allowLongSuffix) {
        String text = latin1(line).strip();
        if (allowLongSuffix && text.endsWith("L")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.length() > MAX_INT_DIGITS + 1 || !DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(text));
    }

    /** A {@code FLOAT} argument: Python's {@code float()} syntax, including {@code nan} and {@code inf}. */
    static Optional<Double> floatRepr(byte[] line) {
        String text = latin1(line).strip();
        String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        double sign = text.startsWith("-") ? -1.0 : 1.0;
        switch (unsigned.toLowerCase(java.util.Locale.ROOT)) {
            case "nan" -> {
                return Optional.of(Double.NaN);
            }
            case "inf", "infinity" -> {
                return Optional.of(sign * Double.POSITIVE_INFINITY);
            }
            default -> {
                if (text.length() > 1000 || !FLOAT.matcher(text).matches()) {
                    return Optional.empty();
                }
                return Optional.of(Double.parseDouble(text));
            }
        }
    }

    /**
     * A {@code STRING} argument: a quoted Python 2 literal with backslash escapes ({@code codecs.escape_decode}),
     * the resulting bytes read as latin-1.
     */
    static Optional<String> quotedString(byte[] line) {
        int length = line.length;
        if (length < 2 || line[0] != line[length - 1] || (line[0] != '\'' && line[0] != '"')) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(length);
        int i = 1;
        int end = length - 1;
        while (i < end) {
            char c = (char) (line[i] & 0xFF);
            if (c != '\\' || i + 1 >= end) {
                if (c == '\\') {
                    return Optional.empty(); // a trailing lone backslash: "Trailing \ in string"
                }
                out.append(c);
                i++;
                continue;
            }
            char next = (char) (line[i + 1] & 0xFF);
            i += 2;
            switch (next) {
                case '\\' -> out.append('\\');
                case '\'' -> out.append('\'');
                case '"' -> out.append('"');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000B');
                case 'x' -> {
                    if (i + 2 > end) {
                        return Optional.empty();
                    }
                    int high = Character.digit((char) line[i], 16);
                    int low = Character.digit((char) line[i + 1], 16);
                    if (high < 0 || low < 0) {
                        return Optional.empty();
                    }
                    out.append((char) (high * 16 + low));
                    i += 2;
                }
                default -> {
                    if (next >= '0' && next <= '7') {
                        int value = next - '0';
                        for (int digits = 1; digits < 3 && i < end && line[i] >= '0' && line[i] <= '7'; digits++) {
                            value = value * 8 + (line[i++] - '0');
                        }
                        out.append((char) (value & 0xFF));
                    } else {
                        out.append('\\').append(next); // unknown escapes stay as written
                    }
                }
            }
        }
        return Optional.of(out.toString());
    }

    /** A {@code UNICODE} argument: latin-1 with {@code \\uXXXX} and {@code \\UXXXXXXXX} escapes (raw-unicode-escape). */
    static Optional<String> rawUnicodeEscape(byte[] line) {
        StringBuilder out = new StringBuilder(line.length);
        int i = 0;
        while (i < line.length) {
            char c = (char) (line[i] & 0xFF);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            int run = 0;
            while (i + run < line.length && line[i + run] == '\\') {
                run++;
            }
            int after = i + run;
            boolean escape = run % 2 == 1 && after < line.length && (line[after] == 'u' || line[after] == 'U');
            out.append("\\".repeat(escape ? run - 1 : run));
            i = after;
            if (escape) {
                int digits = line[after] == 'u' ? 4 : 8;
                if (after + 1 + digits > line.length) {
                    return Optional.empty();
                }
                int codePoint = 0;
                for (int d = 0; d < digits; d++) {
                    int digit = Character.digit((char) line[after + 1 + d], 16);
                    if (digit < 0) {
                        return Optional.empty();
                    }
                    codePoint = codePoint * 16 + digit;
                }
                if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
                    return Optional.empty();
                }
                out.appendCodePoint(codePoint);
                i = after + 1 + digits;
            }
        }
        return Optional.of(out.toString());
    }

    /** A {@code GLOBAL}/{@code INST} name line: UTF-8, non-empty. */
    static Optional<String> name(byte[] line) {
        return utf8(line).filter(text -> !text.isEmpty());
    }
}
