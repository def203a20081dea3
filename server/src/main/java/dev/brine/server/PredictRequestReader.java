package dev.brine.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the convenience body of {@code POST …/predict}: {@code {"instances": [[…], …]}}, a bare list of rows, or
 * rows given as {@code {"feature": value}} records matched to the model's feature names, into one
 * rows × features tensor of the dtype the model takes.
 */
final class PredictRequestReader {
    private PredictRequestReader() {
    }

    static ModelInput read(byte[] body, LiveVersion live, long maxRows) {
        JsonParser parser = RequestJson.parser(body, 0, body.length);
        JsonToken first = RequestJson.next(parser);
        if (first == JsonToken.START_OBJECT) {
            boolean found = false;
            while (RequestJson.next(parser) == JsonToken.FIELD_NAME) {
                if (RequestJson.currentName(parser).equals("instances")) {
                    RequestJson.expect(parser, JsonToken.START_ARRAY, "instances");
                    found = true;
                    break;
                }
                RequestJson.next(parser);
                RequestJson.skipValue(parser);
            }
            if (!found) {
                throw HttpError.badRequest("the body has no \"instances\"; send {\"instances\": [[…], …]} or a"
                        + " list of {\"feature\": value} records");
            }
        } else if (first != JsonToken.START_ARRAY) {
            throw HttpError.badRequest("the body must be {\"instances\": […]} or a list of rows, found "
                    + RequestJson.describe(first));
        }
        Rows rows = new Rows(live, maxRows, body.length);
        JsonToken token;
        while ((token = RequestJson.next(parser)) != JsonToken.END_ARRAY) {
            try {
                switch (token) {
                    case START_ARRAY -> rows.readList(parser);
                    case START_OBJECT -> rows.readRecord(parser);
                    default -> throw HttpError.badRequest("instance " + rows.count + " must be a list of values or"
                            + " a record, found " + RequestJson.describe(token) + RequestJson.at(parser));
                }
            } catch (IOException e) {
                throw RequestJson.malformed(e);
            }
        }
        if (first == JsonToken.START_OBJECT) {
            // The members after "instances" are read too, so that a second "instances" (or any repeated key) is
            // refused as malformed instead of silently ignored.
            while (RequestJson.next(parser) == JsonToken.FIELD_NAME) {
                RequestJson.next(parser);
                RequestJson.skipValue(parser);
            }
        }
        RequestJson.requireEnd(parser);
        return rows.input();
    }

    /**
     * Values row by row into a growing buffer; the width is fixed by the model or by the first row. A tabular
     * model also takes text and null (missing) values: from the first one on, every cell is kept as text too, and
     * the rows become a table typed as {@code brine predict} types a CSV file.
     */
    private static final class Rows {
        private final LiveVersion live;
        private final String model;
        private final TensorSpec spec;
        private final List<String> featureNames;
        private final boolean takesText;
        private final long maxRows;
        private final long maxValues;
        private int width;
        private int count;
        private double[] values = new double[64];
        private String[] texts;
        private int size;
        private Map<String, Integer> columns;

        Rows(LiveVersion live, long maxRows, long maxValues) {
            this.live = live;
            this.model = live.modelName();
            this.spec = Inference.inputSpec(live);
            this.featureNames = live.model().signature().featureNames();
            this.takesText = ModelInput.takesTables(live);
            this.maxRows = maxRows;
            this.maxValues = maxValues;
            long[] shape = spec == null ? new long[0] : spec.shape();
            this.width = shape.length == 2 && shape[1] >= 0 ? Math.toIntExact(shape[1]) : -1;
        }

        void readList(JsonParser parser) throws IOException {
            startRow();
            int start = size;
            JsonToken token;
            while ((token = RequestJson.next(parser)) != JsonToken.END_ARRAY) {
                add(Double.NaN);
                set(size - 1, parser, token, "instance " + count + " value " + (size - 1 - start));
            }
            endRow(size - start, "has " + (size - start) + " values");
        }

        void readRecord(JsonParser parser) throws IOException {
            if (columns == null) {
                if (featureNames.isEmpty()) {
                    throw HttpError.unprocessable("model '" + model + "' does not name its features, so records"
                            + " cannot be matched to columns; send rows as lists of values");
                }
                columns = new HashMap<>();
                for (int i = 0; i < featureNames.size(); i++) {
                    columns.put(featureNames.get(i), i);
                }
                if (width < 0) {
                    width = featureNames.size();
                }
            }
            startRow();
            int start = size;
            for (int i = 0; i < featureNames.size(); i++) {
                add(Double.NaN);
            }
            boolean[] seen = new boolean[featureNames.size()];
            while (RequestJson.next(parser) == JsonToken.FIELD_NAME) {
                String feature = RequestJson.currentName(parser);
                Integer column = columns.get(feature);
                if (column == null) {
                    throw HttpError.unprocessable("instance " + count + ": '" + feature + "' is not a feature of"
                            + " model '" + model + "'; its features are " + featureNames);
                }
                seen[column] = true;
                set(start + column, parser, RequestJson.next(parser), "instance " + count + " feature '"
                        + feature + "'");
            }
            for (int i = 0; i < seen.length; i++) {
                if (!seen[i]) {
                    throw HttpError.unprocessable("instance " + count + " lacks feature '" + featureNames.get(i)
                            + "'; model '" + model + "' takes " + featureNames);
                }
            }
            endRow(featureNames.size(), "has " + featureNames.size() + " features");
        }

        private void startRow() {
            if (count >= maxRows) {
                throw HttpError.tooLarge("more than " + maxRows + " instances; at most " + maxRows
                        + " are taken per request");
            }
        }

        private void endRow(int rowWidth, String what) {
            if (width < 0) {
                width = rowWidth;
            } else if (rowWidth != width) {
                throw HttpError.unprocessable("instance " + count + " " + what + "; model '" + model + "' takes "
                        + width + (spec == null ? " (the width of the first instance)" : " (" +
                        Inference.describe(spec) + ")"));
            }
            count++;
        }

        private void set(int index, JsonParser parser, JsonToken token, String where) throws IOException {
            boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
            boolean cell = takesText && (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NULL);
            if (!number && !cell) {
                throw HttpError.badRequest(where + " must be a number" + (takesText ? ", text or null" : "")
                        + ", found " + RequestJson.describe(token) + RequestJson.at(parser));
            }
            if (cell && texts == null) {
                texts = new String[values.length];
                for (int i = 0; i < size; i++) {
                    texts[i] = Double.isNaN(values[i]) ? null : numberText(values[i]);
                }
            }
            values[index] = number ? parser.getDoubleValue() : Double.NaN;
            if (Double.isInfinite(values[index])) {
                throw HttpError.badRequest(where + " is " + parser.getText() + ", out of range for a number (JSON"
                        + " has no infinities)" + RequestJson.at(parser));
            }
            if (texts != null) {
                texts[index] = token == JsonToken.VALUE_NULL ? null : parser.getText();
            }
        }

        /** A number read before any text, written as a CSV file would hold it (5, not 5.0). */
        private static String numberText(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value);
        }

        private void add(double value) {
            if (size == values.length) {
                if (size >= maxValues) {
                    throw HttpError.badRequest("more values than the body can hold");
                }
                values = Arrays.copyOf(values, (int) Math.min(maxValues, (long) size * 2));
                if (texts != null) {
                    texts = Arrays.copyOf(texts, values.length);
                }
            }
            if (texts != null) {
                texts[size] = null;
            }
            values[size++] = value;
        }

        ModelInput input() {
            if (texts != null) {
                if (count == 0) {
                    throw HttpError.badRequest("no instances to predict");
                }
                if (width != spec.shape()[1]) {
                    throw HttpError.unprocessable("instances have " + width + " values; model '" + model + "' takes "
                            + Inference.describe(spec));
                }
                return ModelInput.fromCells(Arrays.asList(texts).subList(0, size), count,
                        ModelInput.columnNames(live, width));
            }
            return new ModelInput.OfTensor(tensor());
        }

        private Tensor tensor() {
            if (count == 0) {
                throw HttpError.badRequest("no instances to predict");
            }
            long[] shape = {count, width};
            if (spec != null && !spec.accepts(shape)) {
                throw HttpError.unprocessable("instances form shape " + Arrays.toString(shape) + "; model '" + model
                        + "' takes " + Inference.describe(spec));
            }
            DType dtype = Inference.dtypeOf(spec);
            Tensor tensor = Tensor.zeros(dtype, shape);
            for (int i = 0; i < size; i++) {
                double value = values[i];
                if (dtype.kind() != DType.Kind.FLOAT && value != Math.rint(value)) {
                    throw HttpError.unprocessable("value " + value + " at row " + (i / width) + ", column "
                            + (i % width) + " is not an integer; model '" + model + "' takes "
                            + Inference.describe(spec));
                }
                tensor.setDouble(i, value);
                if (Double.isInfinite(tensor.getDouble(i))) {
                    throw HttpError.badRequest("value " + value + " at row " + (i / width) + ", column " + (i % width)
                            + " is out of range for " + dtype + ", which model '" + model + "' takes");
                }
            }
            return tensor;
        }
    }
}
