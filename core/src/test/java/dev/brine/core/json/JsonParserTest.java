package dev.brine.core.json;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonParserTest {

    private static Json parse(String text) {
        return JsonParser.parse(text);
    }

    private static CorruptModelException refused(String text) {
        return assertThrows(CorruptModelException.class, () -> parse(text), text);
    }

    private static CorruptModelException refusedBytes(byte[] utf8, long baseOffset, Limits limits) {
        return assertThrows(CorruptModelException.class, () -> JsonParser.parse(utf8, "header", baseOffset, limits));
    }

    @Test
    void parsesEveryKindOfValue() {
        Json value = parse(" {\"s\": \"x\", \"n\": -1.5e3, \"t\": true, \"f\": false, \"z\": null, \"a\": [1, []],"
                + " \"o\": {}}\r\n\t");
        Json.JsonObject object = assertInstanceOf(Json.JsonObject.class, value);
        assertEquals("x", object.getString("s"));
        assertEquals(-1500.0, object.getDouble("n"));
        assertTrue(object.getBoolean("t"));
        assertEquals(Json.JsonBool.FALSE, object.get("f"));
        assertEquals(Json.JsonNull.NULL, object.get("z"));
        assertEquals(2, object.getArray("a").size());
        assertEquals(Json.JsonObject.EMPTY, object.getObject("o"));
        assertEquals(Json.of("top"), parse("\"top\""));
        assertEquals(Json.of(7), parse("7"));
    }

    @Test
    void rejectsDuplicateKeys() {
        CorruptModelException error = refused("{\"a\": 1, \"b\": 2, \"a\": 3}");
        assertTrue(error.getMessage().contains("duplicate key \"a\""), error.getMessage());
        assertTrue(error.getMessage().contains("offset 17"), error.getMessage()); // where the second "a" starts
        refused("{\"a\": 1, \"\\u0061\": 2}"); // the same key once unescaped
        refused("{\"x\": {\"k\": 1, \"k\": 1}}");
    }

    @Test
    void allowsTheSameKeyInDifferentObjects() {
        Json value = parse("{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}}");
        assertEquals(2, ((Json.JsonObject) value).getObject("b").getLong("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} x", "1 2", "[]]", "{}{}", "null,", "\"a\"\"b\"", "true false", "0 0"})
    void rejectsTrailingContent(String text) {
        CorruptModelException error = refused(text);
        assertTrue(error.getMessage().contains("after the JSON value"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,]", "{\"a\":1,}", "[,1]", "{,}", "[1,,2]"})
    void rejectsMissingOrExtraCommas(String text) {
        refused(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[", "{", "{\"a\"", "{\"a\":", "[1", "\"abc", "\"\\", "\"\\u12"})
    void rejectsTruncatedInput(String text) {
        refused(text);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[][] invalid = {
                {'"', (byte) 0xC0, (byte) 0x80, '"'},              // overlong NUL
                {'"', (byte) 0x80, '"'},                           // lone continuation byte
                {'"', (byte) 0xE2, (byte) 0x82, '"'},              // truncated three-byte sequence
                {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // a UTF-16 surrogate encoded (CESU-8)
                {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
                {'"', (byte) 0xFF, '"'},
                {'"', 'a', '"', ' ', (byte) 0xE2, (byte) 0x82},     // cut off at the very end
        };
        for (byte[] bytes : invalid) {
            CorruptModelException error = refusedBytes(bytes, 0, Limits.DEFAULTS);
            assertTrue(error.getMessage().contains("UTF-8"), error.getMessage());
        }
    }

    @Test
    void reportsByteOffsetOfInvalidUtf8() {
        byte[] bytes = "{\"name\": \"caf\u00e9 \u00e9\u00e9 \uFFFD\"}".getBytes(StandardCharsets.UTF_8);
        int bad = bytes.length - 5; // replace the three-byte U+FFFD with a lone continuation byte and two spaces
        bytes[bad] = (byte) 0x80;
        bytes[bad + 1] = ' ';
        bytes[bad + 2] = ' ';
        CorruptModelException error = refusedBytes(bytes, 1000, Limits.DEFAULTS);
        assertTrue(error.getMessage().startsWith("header at offset " + (1000 + bad) + ": "), error.getMessage());
        assertTrue(error.getMessage().contains(bad + " bytes into the JSON that starts at offset 1000"),
                error.getMessage());
    }

    @Test
    void reportsByteOffsetOfError() {
        // Offsets count UTF-8 bytes from baseOffset: "é" is two bytes, "😀" four.
        String text = "{\"\u00e9\": \"\uD83D\uDE00\", \"b\": tru}";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int expected = text.indexOf("tru") + 1 + 2; // é is one byte wider than its char, 😀 two
        assertEquals(expected, indexOfBytes(utf8, "tru".getBytes(StandardCharsets.UTF_8)));
        CorruptModelException fromBytes = refusedBytes(utf8, 8, Limits.DEFAULTS);
        assertTrue(fromBytes.getMessage().contains("header at offset " + (8 + expected)), fromBytes.getMessage());
        CorruptModelException fromText = assertThrows(CorruptModelException.class,
                () -> JsonParser.parse(text, "header", 8, Limits.DEFAULTS));
        assertEquals(fromBytes.getMessage(), fromText.getMessage());
    }

    @Test
    void enforcesNestingLimit() {
        Limits limits = Limits.builder().maxNestingDepth(4).build();
        JsonParser.parse("[[[{\"a\": 1}]]]", "t", 0, limits);
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> JsonParser.parse("[[[{\"a\": []}]]]", "t", 0, limits));
        assertTrue(error.getMessage().contains("maxNestingDepth = 4"), error.getMessage());
        assertTrue(error.getMessage().contains("offset 9"), error.getMessage()); // the fifth bracket
    }

    @Test
    void refusesDeepNestingWithoutOverflowingTheStack() {
        // A hostile header of a million brackets is refused at the default limit, not with StackOverflowError.
        CorruptModelException error = refused("[".repeat(1_000_000));
        assertTrue(error.getMessage().contains("maxNestingDepth = " + Limits.DEFAULTS.maxNestingDepth()));
        parse("[".repeat(Limits.DEFAULTS.maxNestingDepth()) + "]".repeat(Limits.DEFAULTS.maxNestingDepth()));
    }

    @Test
    void enforcesStringLengthLimit() {
        Limits limits = Limits.builder().maxStringBytes(5).build();
        JsonParser.parse("\"abcde\"", "t", 0, limits);
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> JsonParser.parse("\"abcdef\"", "t", 0, limits));
        assertTrue(error.getMessage().contains("maxStringBytes"), error.getMessage());
        assertThrows(CorruptModelException.class, () -> JsonParser.parse("{\"abcdef\": 1}", "t", 0, limits));
        // Counted in UTF-8 bytes, escaped or not: é is two bytes, 中 three, 😀 four.
        JsonParser.parse("\"\u00e9\u4e2d\"", "t", 0, limits);
        assertThrows(CorruptModelException.class, () -> JsonParser.parse("\"\u00e9\u00e9\u00e9\"", "t", 0, limits));
        assertThrows(CorruptModelException.class, () -> JsonParser.parse("\"\\u4e2d\\u4e2d\"", "t", 0, limits));
        JsonParser.parse("\"a\uD83D\uDE00\"", "t", 0, limits);
        assertThrows(CorruptModelException.class, () -> JsonParser.parse("\"ab\uD83D\uDE00\"", "t", 0, limits));
    }

    @Test
    void enforcesContainerSizeLimit() {
        Limits limits = Limits.builder().maxElements(3).build();
        JsonParser.parse("[1, 2, 3]", "t", 0, limits);
        JsonParser.parse("{\"a\": 1, \"b\": 2, \"c\": 3}", "t", 0, limits);
        assertTrue(assertThrows(CorruptModelException.class, () -> JsonParser.parse("[1, 2, 3, 4]", "t", 0, limits))
                .getMessage().contains("maxElements"));
        assertThrows(CorruptModelException.class,
                () -> JsonParser.parse("{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}", "t", 0, limits));
    }

    /**
     * A header with a million array items parses in one pass. (Each item once measured its own
     * byte offset from the start of the text, which made parsing quadratic: this took minutes.) The timeout
     * is a guard against that, hundreds of times what the parse needs, not a measurement.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parsesLargeContainersInOnePass() {
        Json.JsonArray array = (Json.JsonArray) parse("[" + "0,".repeat(999_999) + "0]");
        assertEquals(1_000_000, array.size());
        StringBuilder object = new StringBuilder("{");
        for (int i = 0; i < 50_000; i++) {
            object.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        assertEquals(50_000, ((Json.JsonObject) parse(object.append('}').toString())).members().size());
    }

    @Test
    void keepsKeyOrder() {
        Json.JsonObject object = (Json.JsonObject) parse("{\"z\": 1, \"a\": 2, \"m\": 3, \"b\": 4}");
        assertEquals(List.of("z", "a", "m", "b"), List.copyOf(object.members().keySet()));
        assertEquals("{\"z\":1,\"a\":2,\"m\":3,\"b\":4}", object.toString());
    }

    @Test
    void keepsLargeIntegersExact() {
        String text = "[18446744073709551617, -123456789012345678901234567890, 9007199254740993, 1e400, -0, 0.1]";
        Json.JsonArray array = (Json.JsonArray) parse(text);
        assertEquals("18446744073709551617", array.get(0).toString());
        assertEquals("-123456789012345678901234567890", array.get(1).toString());
        assertEquals(9007199254740993L, ((Json.JsonNumber) array.get(2)).longValue()); // 2^53 + 1, not a double
        assertEquals("1e400", array.get(3).toString());
        assertEquals(text.replace(" ", ""), array.toString());
        JsonShapeException tooBig = assertThrows(JsonShapeException.class,
                () -> ((Json.JsonNumber) array.get(0)).longValue());
        assertTrue(tooBig.getMessage().contains("64 bits"), tooBig.getMessage());
        assertThrows(JsonShapeException.class, () -> ((Json.JsonNumber) array.get(5)).longValue());
        assertEquals(Long.MIN_VALUE, ((Json.JsonNumber) parse("-9223372036854775808")).longValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-01", "+1", ".5", "1.", "1.e5", "1e", "1e+", "-", "--1", "NaN", "Infinity",
            "-Infinity", "0x10", "1_000", "１"})
    void rejectsWhatIsNotAJsonNumber(String text) {
        refused(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1.5", "-0.0e-0", "1E+2", "123456789e-999"})
    void acceptsEveryJsonNumberForm(String text) {
        assertEquals(text, parse(text).toString());
    }

    @Test
    void roundTripsEscapes() {
        Json.JsonString parsed =
                (Json.JsonString) parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\u20AC\"");
        assertEquals("\" \\ / \b \f \n \r \t A \u00e9 \u20ac", parsed.value());
        assertEquals(parsed, parse(parsed.toString()));
        // A surrogate pair written as two escapes is one code point; the writer emits it as UTF-8.
        Json.JsonString emoji = (Json.JsonString) parse("\"\\ud83d\\ude00\"");
        assertEquals("\uD83D\uDE00", emoji.value());
        assertEquals("\"\uD83D\uDE00\"", emoji.toString());
    }

    @Test
    void roundTripsLoneSurrogatesAsEscapes() {
        for (String escaped : new String[] {"\\ud800", "\\udfff", "\\ude00\\ud83d", "a\\ud800b", "\\ud800\\ud800"}) {
            Json.JsonString parsed = (Json.JsonString) parse("\"" + escaped + "\"");
            String written = parsed.toString();
            // Written text holds no lone surrogate, so it survives a trip through UTF-8 bytes.
            byte[] utf8 = written.getBytes(StandardCharsets.UTF_8);
            assertEquals(written, new String(utf8, StandardCharsets.UTF_8), escaped);
            assertEquals(parsed, JsonParser.parse(utf8, "t", 0, Limits.DEFAULTS), escaped);
        }
    }

    @Test
    void rejectsControlCharactersInStrings() {
        for (char c = 0; c < 0x20; c++) {
            CorruptModelException error = refused("\"a" + c + "\"");
            assertTrue(error.getMessage().contains("control character"), error.getMessage());
        }
        assertEquals("\u007f\u0080\u2028", ((Json.JsonString) parse("\"\u007f\u0080\u2028\"")).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\x41\"", "\"\\a\"", "\"\\U0041\"", "\"\\u004\"", "\"\\u00G1\"", "\"\\u-041\"",
            "\"\\u\uFF10\uFF10\uFF14\uFF11\"", "\"\\u00\u0661\u0661\"", "\"\\'\""})
    void rejectsInvalidEscapes(String text) {
        CorruptModelException error = refused(text);
        assertTrue(error.getMessage().contains("escape"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tru", "True", "nul", "NULL", "fals", "truex", "'a'", "{a: 1}", "{\"a\" 1}",
            "{1: 2}", "[1 2]", "\uFEFF{}", "\u00A0{}", "\f{}", "/* c */ {}", "undefined"})
    void rejectsWhatIsNotJson(String text) {
        refused(text);
    }

    @Test
    void namesTheSourceInEveryError() {
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> JsonParser.parse("[1,", "model.safetensors header", 8, Limits.DEFAULTS));
        assertTrue(error.getMessage().startsWith("model.safetensors header at offset 11: "), error.getMessage());
        assertEquals(4, error.exitCode());
    }

    private static int indexOfBytes(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
