package dev.brine.core.json;

import dev.brine.core.Limits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** parse(write(x)) == x for random trees, through text and through UTF-8 bytes, compact and pretty. */
class JsonRoundTripTest {

    private static final int TREES = 1000;

    @Test
    void parsingWhatWasWrittenGivesTheSameTree() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < TREES; i++) {
            Json tree = randomValue(random, 0);
            String compact = tree.toString();
            assertEquals(tree, JsonParser.parse(compact), compact);
            assertEquals(tree, JsonParser.parse(tree.toPrettyString()), compact);
            byte[] utf8 = compact.getBytes(StandardCharsets.UTF_8);
            assertEquals(tree, JsonParser.parse(utf8, "tree " + i, 0, Limits.DEFAULTS), compact);
            assertEquals(compact, JsonParser.parse(compact).toString()); // key order and number text kept too
        }
    }

    private static Json randomValue(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth > 4 ? 5 : 7);
        return switch (kind) {
            case 0 -> Json.JsonNull.NULL;
            case 1 -> Json.of(random.nextBoolean());
            case 2 -> randomNumber(random);
            case 3, 4 -> Json.of(randomString(random));
            case 5 -> {
                List<Json> items = new ArrayList<>();
                for (int i = random.nextInt(6); i > 0; i--) items.add(randomValue(random, depth + 1));
                yield Json.array(items);
            }
            default -> {
                Map<String, Json> members = new LinkedHashMap<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    members.put(randomString(random), randomValue(random, depth + 1));
                }
                yield new Json.JsonObject(members);
            }
        };
    }

    private static Json randomNumber(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> Json.of(random.nextLong());
            case 1 -> Json.of(Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL)
                    * (random.nextBoolean() ? 1 : -1));
            case 2 -> new Json.JsonNumber(random.nextLong(0, Long.MAX_VALUE) + "" + random.nextLong(0, Long.MAX_VALUE));
            default -> new Json.JsonNumber(random.nextInt(-999, 1000) + "." + random.nextInt(1000) + "e"
                    + random.nextInt(-400, 400));
        };
    }

    /** Strings from an alphabet of the awkward: escapes, controls, non-ASCII, pairs and lone surrogates. */
    private static String randomString(SplittableRandom random) {
        String[] alphabet = {"a", "Z", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u001f",
                "\u007f", "\u00e9", "\u2028", "\uFEFF", "\uFFFF", "\uD83D\uDE00", "\uD800", "\uDFFF", "\uDBFF",
                "\uDC00", "\u4e2d", "{", "}", "[", "]", ":", ","};
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            out.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return out.toString();
    }
}
