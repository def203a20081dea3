package dev.brine.core.json;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * Strict RFC 8259 parser: UTF-8 only, no duplicate keys, no trailing content, nesting, string lengths and
 * container sizes bounded by {@link Limits}. Errors are {@link CorruptModelException}s that name the source and the
 * byte offset of the problem.
 */
public final class JsonParser {
    private final String text;
    private final String source;
    private final long baseOffset;
    private final Limits limits;
    private int position;
    private int depth;

    private JsonParser(String text, String source, long baseOffset, Limits limits) {
        this.text = text;
        this.source = source;
        this.baseOffset = baseOffset;
        this.limits = limits;
    }

    /**
     * Parses UTF-8 JSON bytes. {@code source} names where they came from (a file, "safetensors header") and
     * {@code baseOffset} is the file offset of the first byte, so errors point into the file.
     */
    public static Json parse(byte[] utf8, String source, long baseOffset, Limits limits) {
        return parse(decode(utf8, source, baseOffset), source, baseOffset, limits);
    }

    /**
     * Parses a JSON object member by member: each value is built, handed to {@code member} and dropped, so an object
     * of a million members (a safetensors header) never exists as one tree. Keys are checked for duplicates, the
     * member count against {@code maxElements}. Throws {@link CorruptModelException} when the text is not one object.
     */
    public static void forEachMember(byte[] utf8, String source, long baseOffset, Limits limits,
                                     BiConsumer<String, Json> member) {
        JsonParser parser = new JsonParser(decode(utf8, source, baseOffset), source, baseOffset, limits);
        parser.skipWhitespace();
        if (parser.peek() != '{') {
            throw parser.error("expected a JSON object");
        }
        Set<String> keys = new HashSet<>();
        parser.readMembers((key, value) -> {
            if (!keys.add(key)) {
                return false;
            }
            member.accept(key, value);
            return true;
        });
        parser.skipWhitespace();
        if (parser.position != parser.text.length()) {
            throw parser.error("unexpected content after the JSON value");
        }
    }

    /**
     * The text of UTF-8 bytes, refusing malformed sequences. Validation runs through a small buffer, so the only
     * large allocation is the string itself (a decoder's output buffer would take two bytes per input byte more).
     */
    private static String decode(byte[] utf8, String source, long baseOffset) {
        ByteBuffer in = ByteBuffer.wrap(utf8);
        CharBuffer scratch = CharBuffer.allocate(8192);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        while (true) {
            CoderResult result = decoder.decode(in, scratch, true);
            if (result.isError()) {
                // On an error the input's position is the first byte of the malformed sequence.
                throw new CorruptModelException(source + " at offset " + (baseOffset + in.position())
                        + ": JSON is not valid UTF-8 (a malformed sequence of " + result.length() + " byte"
                        + (result.length() == 1 ? "" : "s") + ", " + in.position() + " bytes into the JSON that"
                        + " starts at offset " + baseOffset + "). The file is corrupt or not what its name says.");
            }
            scratch.clear();
            if (result.isUnderflow()) {
                break;
            }
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Parses JSON text; offsets in errors count UTF-8 bytes from {@code baseOffset}. */
    public static Json parse(String text, String source, long baseOffset, Limits limits) {
        JsonParser parser = new JsonParser(text, source, baseOffset, limits);
        parser.skipWhitespace();
        Json value = parser.readValue();
        parser.skipWhitespace();
        if (parser.position != text.length()) {
            throw parser.error("unexpected content after the JSON value");
        }
        return value;
    }

    /** Parses trusted, small JSON (configuration, tests) with the default limits. */
    public static Json parse(String text) {
        return parse(text, "JSON text", 0, Limits.DEFAULTS);
    }

    private Json readValue() {
        if (position >= text.length()) {
            throw error("unexpected end of JSON");
        }
        char c = text.charAt(position);
        return switch (c) {
            case '{' -> readObject();
            case '[' -> readArray();
            case '"' -> new Json.JsonString(readString());
            case 't' -> readLiteral("true", Json.JsonBool.TRUE);
            case 'f' -> readLiteral("false", Json.JsonBool.FALSE);
            case 'n' -> readLiteral("null", Json.JsonNull.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield readNumber();
                }
                throw error("unexpected character '" + printable(c) + "'");
            }
        };
    }

    private Json readObject() {
        LinkedHashMap<String, Json> members = new LinkedHashMap<>();
        readMembers((key, value) -> members.putIfAbsent(key, value) == null);
        return new Json.JsonObject(members);
    }

    /**
     * Reads an object from its '{', giving each member to {@code member} in file order; {@code member} answers false
     * for a key it already has.
     */
    private void readMembers(BiPredicate<String, Json> member) {
        enter();
        position++;
        long count = 0;
        skipWhitespace();
        if (peek() == '}') {
            position++;
            depth--;
            return;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyStart = position;
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Json value = readValue();
            if (!member.test(key, value)) {
                position = keyStart;
                throw error("duplicate key \"" + key + "\"");
            }
            checkContainerSize("object size", ++count);
            skipWhitespace();
            char next = peek();
            position++;
            if (next == '}') {
                depth--;
                return;
            }
            if (next != ',') {
                position--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private Json readArray() {
        enter();
        position++;
        List<Json> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            position++;
            depth--;
            return new Json.JsonArray(items);
        }
        while (true) {
            skipWhitespace();
            items.add(readValue());
            checkContainerSize("array size", items.size());
            skipWhitespace();
            char next = peek();
            position++;
            if (next == ']') {
                depth--;
                return new Json.JsonArray(items);
            }
            if (next != ',') {
                position--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private void checkContainerSize(String what, long size) {
        // The message measures the byte offset from the start of the text: build it only to refuse, or parsing
        // becomes quadratic in the number of items.
        if (size > limits.maxElements()) {
            Limits.check(where() + ": " + what, size, limits.maxElements(), "maxElements");
        }
    }

    private void enter() {
        depth++;
        if (depth > limits.maxNestingDepth()) {
            throw error("nesting deeper than maxNestingDepth = " + limits.maxNestingDepth());
        }
    }

    private String readString() {
        int start = position;
        position++;
        StringBuilder out = new StringBuilder();
        long utf8Bytes = 0;
        while (true) {
            if (position >= text.length()) {
                position = start;
                throw error("unterminated string");
            }
            char c = text.charAt(position++);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                position--;
                throw error("control character U+" + String.format("%04X", (int) c) + " inside a string");
            }
            if (c == '\\') {
                if (position >= text.length()) {
                    throw error("unterminated escape");
                }
                char escape = text.charAt(position++);
                switch (escape) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(readHexEscape());
                    default -> {
                        position -= 2;
                        throw error("invalid escape '\\" + printable(escape) + "'");
                    }
                }
            } else {
                out.append(c);
            }
            // The limit is in UTF-8 bytes, as its name says, not in chars: "é" is two bytes, "中" three.
            char appended = out.charAt(out.length() - 1);
            utf8Bytes += appended < 0x80 ? 1 : appended < 0x800 || Character.isSurrogate(appended) ? 2 : 3;
            if (utf8Bytes > limits.maxStringBytes()) {
                Limits.check(where() + ": string length in UTF-8 bytes", utf8Bytes, limits.maxStringBytes(),
                        "maxStringBytes");
            }
        }
        return out.toString();
    }

    private char readHexEscape() {
        if (position + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            // ASCII hex digits only (RFC 8259 HEXDIG); Character.digit would also take fullwidth and Arabic digits.
            char digit = text.charAt(position + i);
            if (!HexFormat.isHexDigit(digit)) {
                throw error("invalid \\u escape");
            }
            value = value * 16 + HexFormat.fromHexDigit(digit);
        }
        position += 4;
        return (char) value;
    }

    private Json readNumber() {
        int start = position;
        scanNumber();
        if (position - start > 1000) {
            position = start;
            throw error("number longer than 1000 characters");
        }
        return new Json.JsonNumber(text.substring(start, position));
    }

    /** Moves past a number in JSON's grammar (RFC 8259 section 6), or throws where the grammar breaks. */
    private void scanNumber() {
        if (peek() == '-') {
            position++;
        }
        if (peek() == '0') {
            position++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) position++;
        } else {
            throw error("invalid number");
        }
        if (peek() == '.') {
            position++;
            if (!isDigit(peek())) throw error("invalid number: digits must follow '.'");
            while (isDigit(peek())) position++;
        }
        if (peek() == 'e' || peek() == 'E') {
            position++;
            if (peek() == '+' || peek() == '-') position++;
            if (!isDigit(peek())) throw error("invalid number: digits must follow the exponent");
            while (isDigit(peek())) position++;
        }
    }

    /**
     * True when {@code text} is a number in JSON's grammar, by the parser's own rule. (A regular expression here,
     * run again for every number parsed, took more time than all the rest of parsing.)
     */
    static boolean isNumber(String text) {
        JsonParser parser = new JsonParser(text, "JSON number", 0, Limits.DEFAULTS);
        try {
            parser.scanNumber();
        } catch (CorruptModelException e) {
            return false;
        }
        return parser.position == text.length();
    }

    private Json readLiteral(String literal, Json value) {
        if (!text.startsWith(literal, position)) {
            throw error("invalid literal");
        }
        position += literal.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        position++;
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private String where() {
        return source + " at offset " + byteOffset();
    }

    private long byteOffset() {
        return baseOffset + text.substring(0, Math.min(position, text.length()))
                .getBytes(StandardCharsets.UTF_8).length;
    }

    private CorruptModelException error(String what) {
        return new CorruptModelException(where() + ": " + what
                + ". The JSON is malformed: the file is corrupt or was not written by a conforming writer.");
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }
}
