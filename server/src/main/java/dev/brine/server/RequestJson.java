package dev.brine.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The streaming JSON reader for request bodies (jackson-core): strict (duplicate keys refused), nesting and number
 * length bounded, numbers read straight into tensors without a tree in between. Errors become 400s that say where.
 */
final class RequestJson {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(400)
                    .build())
            .build();

    private RequestJson() {
    }

    static JsonParser parser(byte[] body, int offset, int length) {
        try {
            return FACTORY.createParser(body, offset, length);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Reads the next token, turning jackson's errors into a 400. */
    static JsonToken next(JsonParser parser) {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw HttpError.badRequest("malformed JSON: the body ends before the JSON value does");
            }
            return token;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    static void expect(JsonParser parser, JsonToken expected, String what) {
        JsonToken token = next(parser);
        if (token != expected) {
            throw HttpError.badRequest(what + " must be " + describe(expected) + ", found " + describe(token)
                    + at(parser));
        }
    }

    /** Refuses anything after the body's one JSON value. */
    static void requireEnd(JsonParser parser) {
        try {
            if (parser.nextToken() != null) {
                throw HttpError.badRequest("malformed JSON: content after the request's JSON value" + at(parser));
            }
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    static void skipValue(JsonParser parser) {
        try {
            parser.skipChildren();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    static String text(JsonParser parser, String what) {
        JsonToken token = next(parser);
        if (token != JsonToken.VALUE_STRING) {
            throw HttpError.badRequest(what + " must be a string, found " + describe(token) + at(parser));
        }
        try {
            return parser.getText();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** A {@code parameters} object: string, number and boolean values (the protocol's {@code $parameter}). */
    static Map<String, Object> parameters(JsonParser parser, String what) {
        expect(parser, JsonToken.START_OBJECT, what);
        Map<String, Object> parameters = new LinkedHashMap<>();
        while (next(parser) == JsonToken.FIELD_NAME) {
            String key = currentName(parser);
            JsonToken value = next(parser);
            try {
                parameters.put(key, switch (value) {
                    case VALUE_STRING -> parser.getText();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NUMBER_INT -> parser.getNumberValue();
                    case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                    default -> throw HttpError.badRequest(what + " '" + key + "' must be a string, number or"
                            + " boolean, found " + describe(value) + at(parser));
                });
            } catch (IOException e) {
                throw malformed(e);
            }
        }
        return parameters;
    }

    static String currentName(JsonParser parser) {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    static HttpError malformed(IOException e) {
        if (e instanceof JsonProcessingException processing) {
            return HttpError.badRequest("malformed JSON: " + processing.getOriginalMessage()
                    + at(processing.getLocation()));
        }
        return HttpError.badRequest("malformed JSON: " + e.getMessage());
    }

    static String at(JsonParser parser) {
        return at(parser.currentTokenLocation());
    }

    private static String at(JsonLocation location) {
        return location == null || location.getByteOffset() < 0 ? ""
                : " (byte " + location.getByteOffset() + ", line " + location.getLineNr() + ", column "
                + location.getColumnNr() + ")";
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the body";
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }
}
