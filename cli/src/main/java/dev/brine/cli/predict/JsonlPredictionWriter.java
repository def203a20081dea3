package dev.brine.cli.predict;

import dev.brine.core.json.Json;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.io.Writer;

/**
 * JSON Lines, one object per input row: a label as a string, a rank-1 output as a number, a (rows, k) output with
 * named columns as one key per column (as in the CSV), any other output as a nested array under its name. NaN and
 * infinities, which JSON cannot hold, are written as {@code null}.
 */
final class JsonlPredictionWriter implements PredictionWriter {
    private final Writer target;
    private final StringBuilder line = new StringBuilder();

    JsonlPredictionWriter(Writer target) {
        this.target = target;
    }

    @Override
    public void write(Predictions batch) throws IOException {
        long rows = batch.outputs().getFirst().rows();
        for (long row = 0; row < rows; row++) {
            line.setLength(0);
            line.append('{');
            for (Predictions.Output output : batch.outputs()) {
                switch (output) {
                    case Predictions.Labels labels -> key(output.name()).append(new Json.JsonString(
                            labels.values()[(int) row])).append(',');
                    case Predictions.Values values -> values(values, row);
                }
            }
            line.setCharAt(line.length() - 1, '}');   // the comma after the last value
            line.append('\n');
            target.write(line.toString());
        }
    }

    private void values(Predictions.Values values, long row) {
        Tensor tensor = values.tensor();
        if (tensor.rank() == 2 && values.columns().size() == tensor.shape().dim(1)) {
            long width = tensor.shape().dim(1);
            for (int k = 0; k < width; k++) {
                key(values.columns().get(k));
                number(tensor, row * width + k);
                line.append(',');
            }
            line.setLength(line.length() - 1);
        } else if (tensor.rank() <= 1) {
            key(values.name());
            number(tensor, tensor.rank() == 0 ? 0 : row);
        } else {
            key(values.name());
            long[] dims = tensor.shape().dims();
            long perRow = tensor.numElements() / dims[0];
            nested(tensor, dims, 1, row * perRow, perRow);
        }
        line.append(',');
    }

    /** Dimensions {@code axis..} of the block of {@code count} elements starting at {@code start}. */
    private void nested(Tensor tensor, long[] dims, int axis, long start, long count) {
        if (axis == dims.length) {
            number(tensor, start);
            return;
        }
        line.append('[');
        long step = count / dims[axis];
        for (long i = 0; i < dims[axis]; i++) {
            if (i > 0) line.append(',');
            nested(tensor, dims, axis + 1, start + i * step, step);
        }
        line.append(']');
    }

    private StringBuilder key(String name) {
        return line.append(new Json.JsonString(name)).append(':');
    }

    private void number(Tensor tensor, long index) {
        boolean nan = tensor.dtype().isFloatingPoint() && !Double.isFinite(tensor.getDouble(index));
        line.append(nan ? "null" : PredictionWriter.number(tensor, index));
    }

    @Override
    public void finish() throws IOException {
        target.flush();
    }
}
