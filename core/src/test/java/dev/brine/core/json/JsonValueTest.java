package dev.brine.core.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link Json} value model: construction, typed access and the errors of a wrong shape. */
class JsonValueTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "01", "1.", ".1", "+1", "1e", "NaN", "0x1", "1\u0000", "１"})
    void numberRefusesTextOutsideTheGrammar(String text) {
        assertThrows(IllegalArgumentException.class, () -> new Json.JsonNumber(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "12", "1.0E10", "1.5e-7", "-9223372036854775809"})
    void numberKeepsItsText(String text) {
        assertEquals(text, new Json.JsonNumber(text).toString());
    }

    @Test
    void doublesAreWrittenAsTheShortestTextThatReadsBack() {
        for (double value : new double[] {0.1, -0.0, 1e300, 4.9e-324, Math.PI, 1.0 / 3}) {
            Json.JsonNumber number = (Json.JsonNumber) Json.of(value);
            assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(number.doubleValue()));
            assertEquals(number, JsonParser.parse(number.toString()));
        }
        assertThrows(IllegalArgumentException.class, () -> Json.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.of(Double.POSITIVE_INFINITY));
    }

    @Test
    void integralMeansNoFractionOrExponent() {
        assertTrue(((Json.JsonNumber) Json.of(-5)).isIntegral());
        assertFalse(new Json.JsonNumber("5.0").isIntegral());
        assertFalse(new Json.JsonNumber("5e0").isIntegral());
        assertThrows(JsonShapeException.class, () -> new Json.JsonNumber("1E2").longValue());
    }

    @Test
    void objectAccessorsNameTheKeyAndWhatWasFound() {
        Json.JsonObject object = Json.object().put("n", 3).put("s", "x").put("b", true).put("d", 0.5)
                .put("a", Json.arrayOfLongs(new long[] {1, 2})).put("o", Json.object().build()).build();
        assertEquals(3, object.getLong("n"));
        assertEquals("x", object.getString("s"));
        assertTrue(object.getBoolean("b"));
        assertEquals(0.5, object.getDouble("d"));
        assertArrayEquals(new long[] {1, 2}, object.getArray("a").toLongArray());
        assertEquals(Json.JsonObject.EMPTY, object.getObject("o"));
        assertTrue(object.has("n"));
        assertNull(object.getOrNull("missing"));
        JsonShapeException missing = assertThrows(JsonShapeException.class, () -> object.get("missing"));
        assertTrue(missing.getMessage().contains("'missing'"), missing.getMessage());
        JsonShapeException wrongKind = assertThrows(JsonShapeException.class, () -> object.getString("n"));
        assertEquals("key 'n': expected a string, found a number", wrongKind.getMessage());
    }

    @Test
    void arrayConversionsNameTheItemOfTheWrongKind() {
        Json.JsonArray mixed = Json.array(List.of(Json.of(1), Json.of("two")));
        JsonShapeException error = assertThrows(JsonShapeException.class, mixed::toLongArray);
        assertEquals("item 1: expected a number, found a string", error.getMessage());
        JsonShapeException asDoubles = assertThrows(JsonShapeException.class, mixed::toDoubleArray);
        assertEquals("item 1: expected a number, found a string", asDoubles.getMessage());
        assertArrayEquals(new double[] {0.5, -2}, Json.array(List.of(Json.of(0.5), Json.of(-2))).toDoubleArray());
        assertEquals(List.of("a", "b"), Json.arrayOfStrings(List.of("a", "b")).toStringList());
        assertThrows(JsonShapeException.class, mixed::toStringList);
    }

    @Test
    void builderRefusesAKeyTwiceAndSkipsAbsentOptionalValues() {
        assertThrows(IllegalArgumentException.class, () -> Json.object().put("k", 1).put("k", 2));
        Json.JsonObject object = Json.object().putIfPresent("absent", null).putIfPresent("present", Json.of(1))
                .build();
        assertEquals(List.of("present"), List.copyOf(object.members().keySet()));
    }

    @Test
    void valuesAreImmutable() {
        java.util.Map<String, Json> members = new java.util.LinkedHashMap<>();
        members.put("a", Json.of(1));
        Json.JsonObject object = new Json.JsonObject(members);
        members.put("b", Json.of(2));
        assertEquals(1, object.members().size());
        assertThrows(UnsupportedOperationException.class, () -> object.members().put("c", Json.of(3)));
        assertThrows(UnsupportedOperationException.class,
                () -> Json.array(List.of(Json.of(1))).items().add(Json.of(2)));
    }

    @Test
    void prettyTextIsIndentedAndKeepsScalarArraysOnOneLine() {
        Json value = Json.object().put("shape", Json.arrayOfLongs(new long[] {2, 3}))
                .put("items", Json.array(List.of(Json.object().put("a", 1).build()))).put("empty", Json.object()
                        .build()).build();
        assertEquals("""
                {
                  "shape": [2, 3],
                  "items": [
                    {
                      "a": 1
                    }
                  ],
                  "empty": {}
                }""", value.toPrettyString());
        assertEquals("{\"shape\":[2,3],\"items\":[{\"a\":1}],\"empty\":{}}", value.toString());
    }
}
