package dev.brine.cli.predict;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes batches of predictions in one output format; {@link #finish} completes the output. */
interface PredictionWriter {

    void write(Predictions batch) throws IOException;

    /** Everything written: flushes (arrays are written here, once their length is known). */
    void finish() throws IOException;

    static PredictionWriter of(OutputFormat format, Destination destination) {
        return switch (format) {
            case CSV -> new CsvPredictionWriter(destination.text());
            case JSONL -> new JsonlPredictionWriter(destination.text());
            case NPY, NPZ -> new ArrayPredictionWriter(format, destination);
        };
    }

    /** The text of element {@code index}: the shortest that reads back to the same value in the tensor's precision. */
    static String number(dev.brine.core.tensor.Tensor values, long index) {
        return switch (values.dtype().kind()) {
            case FLOAT -> values.dtype() == dev.brine.core.tensor.DType.F64 ? Double.toString(values.getDouble(index))
                    : Float.toString(values.getFloat(index));
            case SIGNED, UNSIGNED -> Long.toString(values.getLong(index));
            case BOOL -> values.getBoolean(index) ? "true" : "false";
        };
    }

    static UncheckedIOException failed(String what, IOException e) {
        return new UncheckedIOException("cannot write " + what, e);
    }
}
