package dev.brine.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses an inference request body: JSON, or with the binary tensor extension a JSON header of
 * {@code Inference-Header-Content-Length} bytes followed by the tensors' raw bytes, taken in input order by the
 * inputs whose {@code parameters.binary_data_size} says how many.
 */
final class InferRequestReader {
    private InferRequestReader() {
    }

    /** {@code jsonLength} is the JSON header's length: the whole body without the binary extension. */
    static InferRequest read(byte[] body, int jsonLength) {
        if (jsonLength < 0 || jsonLength > body.length) {
            throw HttpError.badRequest("Inference-Header-Content-Length is " + jsonLength + " but the body has "
                    + body.length + " bytes");
        }
        JsonParser parser = RequestJson.parser(body, 0, jsonLength);
        RequestJson.expect(parser, JsonToken.START_OBJECT, "the request");
        Optional<String> id = Optional.empty();
        Map<String, Object> parameters = Map.of();
        List<PendingInput> pending = new ArrayList<>();
        List<InferRequest.RequestedOutput> outputs = List.of();
        boolean sawInputs = false;
        while (RequestJson.next(parser) == JsonToken.FIELD_NAME) {
            switch (RequestJson.currentName(parser)) {
                case "id" -> id = Optional.of(RequestJson.text(parser, "id"));
                case "parameters" -> parameters = RequestJson.parameters(parser, "parameter");
                case "inputs" -> {
                    sawInputs = true;
                    RequestJson.expect(parser, JsonToken.START_ARRAY, "inputs");
                    while (RequestJson.next(parser) == JsonToken.START_OBJECT) {
                        pending.add(readInput(parser, body, jsonLength, pending.size()));
                    }
                    checkArrayEnded(parser, "inputs");
                }
                case "outputs" -> outputs = readOutputs(parser);
                default -> {
                    RequestJson.next(parser);
                    RequestJson.skipValue(parser);
                }
            }
        }
        RequestJson.requireEnd(parser);
        if (!sawInputs || pending.isEmpty()) {
            throw HttpError.badRequest("the request has no inputs; send {\"inputs\": [{\"name\": …, \"shape\": […],"
                    + " \"datatype\": …, \"data\": […]}]}");
        }
        return new InferRequest(id, parameters, resolve(pending, body, jsonLength), outputs);
    }

    private static void checkArrayEnded(JsonParser parser, String what) {
        if (parser.currentToken() != JsonToken.END_ARRAY) {
            throw HttpError.badRequest(what + " must be an array of objects, found "
                    + RequestJson.describe(parser.currentToken()) + RequestJson.at(parser));
        }
    }

    /**
     * An input as read: its data parsed at once when name, datatype and shape came before it (the usual order),
     * or its byte range kept for a second pass when they came after.
     */
    private record PendingInput(String name, Datatype datatype, long[] shape, InferRequest.Payload payload,
                                long dataStart, long dataEnd, long binarySize) {
    }

    private static PendingInput readInput(JsonParser parser, byte[] body, int jsonLength, int position) {
        String name = null;
        String datatypeName = null;
        long[] shape = null;
        Map<String, Object> inputParameters = Map.of();
        InferRequest.Payload payload = null;
        long dataStart = -1;
        long dataEnd = -1;
        while (RequestJson.next(parser) == JsonToken.FIELD_NAME) {
            String field = RequestJson.currentName(parser);
            switch (field) {
                case "name" -> name = RequestJson.text(parser, "input " + position + " name");
                case "datatype" -> datatypeName = RequestJson.text(parser, "input " + position + " datatype");
                case "shape" -> shape = readShape(parser, name == null ? "input " + position : "input '" + name + "'");
                case "parameters" -> inputParameters = RequestJson.parameters(parser, "input parameter");
                case "data" -> {
                    if (name != null && datatypeName != null && shape != null) {
                        payload = TensorData.fromJson(parser, name, Datatype.parse(datatypeName, name), shape,
                                jsonLength);
                    } else {
                        RequestJson.next(parser);
                        dataStart = parser.currentTokenLocation().getByteOffset();
                        RequestJson.skipValue(parser);
                        dataEnd = parser.currentLocation().getByteOffset();
                    }
                }
                default -> {
                    RequestJson.next(parser);
                    RequestJson.skipValue(parser);
                }
            }
        }
        String where = name == null ? "input " + position : "input '" + name + "'";
        if (name == null || datatypeName == null || shape == null) {
            throw HttpError.badRequest(where + ": needs \"name\", \"datatype\" and \"shape\"");
        }
        Datatype datatype = Datatype.parse(datatypeName, name);
        long binarySize = binarySize(inputParameters, name);
        boolean hasData = payload != null || dataStart >= 0;
        if (hasData == (binarySize >= 0)) {
            throw HttpError.badRequest(where + ": give either \"data\" or parameters.binary_data_size, "
                    + (hasData ? "not both" : "found neither"));
        }
        return new PendingInput(name, datatype, shape, payload, dataStart, dataEnd, binarySize);
    }

    private static long binarySize(Map<String, Object> parameters, String input) {
        Object size = parameters.get("binary_data_size");
        if (size == null) {
            return -1;
        }
        if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
            throw HttpError.badRequest("input '" + input + "': binary_data_size must be a non-negative integer,"
                    + " found " + size);
        }
        return ((Number) size).longValue();
    }

    private static long[] readShape(JsonParser parser, String where) {
        RequestJson.expect(parser, JsonToken.START_ARRAY, where + " shape");
        long[] dims = new long[8];
        int rank = 0;
        JsonToken token;
        while ((token = RequestJson.next(parser)) == JsonToken.VALUE_NUMBER_INT) {
            long dim;
            try {
                dim = parser.getLongValue();
            } catch (IOException e) {
                throw HttpError.badRequest(where + ": shape dimension does not fit in 64 bits" + RequestJson.at(parser));
            }
            if (dim < 0) {
                throw HttpError.badRequest(where + ": shape dimensions must be non-negative, found " + dim);
            }
            if (rank == dims.length) {
                throw HttpError.badRequest(where + ": shape has more than " + dims.length + " dimensions");
            }
            dims[rank++] = dim;
        }
        if (token != JsonToken.END_ARRAY) {
            throw HttpError.badRequest(where + ": shape must be an array of integers, found "
                    + RequestJson.describe(token) + RequestJson.at(parser));
        }
        return java.util.Arrays.copyOf(dims, rank);
    }

    private static List<InferRequest.RequestedOutput> readOutputs(JsonParser parser) {
        RequestJson.expect(parser, JsonToken.START_ARRAY, "outputs");
        Map<String, InferRequest.RequestedOutput> outputs = new LinkedHashMap<>();
        while (RequestJson.next(parser) == JsonToken.START_OBJECT) {
            String name = null;
            Map<String, Object> parameters = Map.of();
            while (RequestJson.next(parser) == JsonToken.FIELD_NAME) {
                switch (RequestJson.currentName(parser)) {
                    case "name" -> name = RequestJson.text(parser, "output name");
                    case "parameters" -> parameters = RequestJson.parameters(parser, "output parameter");
                    default -> {
                        RequestJson.next(parser);
                        RequestJson.skipValue(parser);
                    }
                }
            }
            if (name == null) {
                throw HttpError.badRequest("output " + outputs.size() + ": needs a \"name\"");
            }
            Object binary = parameters.get("binary_data");
            if (binary != null && !(binary instanceof Boolean)) {
                throw HttpError.badRequest("output '" + name + "': binary_data must be true or false");
            }
            if (outputs.put(name, new InferRequest.RequestedOutput(name, Optional.ofNullable((Boolean) binary)))
                    != null) {
                throw HttpError.badRequest("output '" + name + "' is asked for twice");
            }
        }
        checkArrayEnded(parser, "outputs");
        return List.copyOf(outputs.values());
    }

    /** Second pass: data that came before its shape, and the binary section in input order. */
    private static List<InferRequest.Input> resolve(List<PendingInput> pending, byte[] body, int jsonLength) {
        List<InferRequest.Input> inputs = new ArrayList<>(pending.size());
        java.util.Set<String> names = new java.util.HashSet<>();
        long binaryOffset = jsonLength;
        for (PendingInput input : pending) {
            if (!names.add(input.name())) {
                throw HttpError.badRequest("input '" + input.name() + "' appears twice");
            }
            InferRequest.Payload payload = input.payload();
            if (input.binarySize() >= 0) {
                if (input.binarySize() > body.length - binaryOffset) {
                    throw HttpError.badRequest("input '" + input.name() + "': binary_data_size is "
                            + input.binarySize() + " bytes, only " + (body.length - binaryOffset)
                            + " bytes of binary data remain");
                }
                payload = TensorData.fromBinary(body, (int) binaryOffset, (int) input.binarySize(), input.name(),
                        input.datatype(), input.shape());
                binaryOffset += input.binarySize();
            } else if (payload == null) {
                JsonParser data = RequestJson.parser(body, (int) input.dataStart(),
                        (int) (input.dataEnd() - input.dataStart()));
                payload = TensorData.fromJson(data, input.name(), input.datatype(), input.shape(), jsonLength);
            }
            inputs.add(new InferRequest.Input(input.name(), input.datatype(), input.shape(), payload));
        }
        if (binaryOffset != body.length) {
            throw HttpError.badRequest((body.length - binaryOffset) + " bytes of binary data after the JSON header"
                    + " belong to no input (inputs take their bytes by parameters.binary_data_size)");
        }
        return inputs;
    }
}
