package dev.brine.server;

import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Column;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Table;
import dev.brine.models.tabular.TabularModel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What one request feeds a model version: a tensor, or, for a tabular model given text or missing cells, a table
 * typed as {@code brine predict} types a file's cells ({@link #fromCells}), so text reaches the model's encoders.
 */
sealed interface ModelInput {

    long rows();

    Tensor predict(LiveVersion live);

    Tensor predictProba(LiveVersion live);

    record OfTensor(Tensor tensor) implements ModelInput {
        @Override
        public long rows() {
            return Inference.rows(tensor.shape().dims());
        }

        @Override
        public Tensor predict(LiveVersion live) {
            return live.predict(tensor);
        }

        @Override
        public Tensor predictProba(LiveVersion live) {
            return live.predictProba(tensor);
        }
    }

    /** Tables are predicted as they come, never batched with other requests. */
    record OfTable(Table table) implements ModelInput {
        @Override
        public long rows() {
            return table.rowCount();
        }

        @Override
        public Tensor predict(LiveVersion live) {
            return ((TabularModel) live.model()).predict(table);
        }

        @Override
        public Tensor predictProba(LiveVersion live) {
            return ((dev.brine.models.tabular.TabularClassifier) live.model()).predictProba(table);
        }
    }

    /** True when the model can take a table (text columns, missing values). */
    static boolean takesTables(LiveVersion live) {
        return live.model() instanceof TabularModel;
    }

    /**
     * Row-major cells ({@code rows × names.size()}; null or empty is missing) as the table a tabular model reads,
     * typed feature by feature as {@code brine predict} types a file's cells: text where the model's example row
     * holds text (an encoder fitted on text; a number there stays text), numbers elsewhere (other text is refused);
     * a missing value only where the model imputes, routes or encodes it. Refusals name the instance and feature.
     */
    static OfTable fromCells(LiveVersion live, List<String> cells, int rows, List<String> names) {
        TabularModel model = (TabularModel) live.model();
        Table example = model.exampleRow();
        int width = names.size();
        List<Column> columns = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            boolean text = example.column(j) instanceof Column.Text;
            boolean missingAllowed = model.acceptsMissing(j);
            String[] texts = new String[rows];
            double[] numbers = new double[rows];
            for (int r = 0; r < rows; r++) {
                String cell = cells.get(r * width + j);
                String stripped = cell == null ? "" : cell.strip();
                String where = "instance " + r + ", feature '" + names.get(j) + "'";
                if (stripped.isEmpty()) {
                    if (!missingAllowed) {
                        throw HttpError.unprocessable(where + ": the value is missing, and model '" + live.modelName()
                                + "' does not accept missing values in this column (scikit-learn raises too)");
                    }
                    numbers[r] = Double.NaN;
                } else if (text) {
                    texts[r] = cell;
                } else {
                    numbers[r] = CsvTable.parseNumber(stripped);
                    if (Double.isNaN(numbers[r])) {
                        throw HttpError.unprocessable(where + ": \"" + (stripped.length() > 40
                                ? stripped.substring(0, 40) + "…" : stripped) + "\" is not a number, and model '"
                                + live.modelName() + "' reads numbers in this column");
                    }
                }
            }
            columns.add(text ? new Column.Text(names.get(j), texts) : new Column.Numeric(names.get(j), numbers));
        }
        return new OfTable(new Table(columns));
    }

    /** The feature names of a model of {@code width} features: its own, else x0, x1…. */
    static List<String> columnNames(LiveVersion live, int width) {
        List<String> names = live.model().signature().featureNames();
        if (names.size() == width) {
            return names;
        }
        List<String> positional = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            positional.add("x" + j);
        }
        return positional;
    }

    /** A BYTES element as text; anything but UTF-8 is refused. */
    static String utf8(byte[] value, String input, long index) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("input '" + input + "': BYTES element " + index + " is not UTF-8 text");
        }
    }
}
