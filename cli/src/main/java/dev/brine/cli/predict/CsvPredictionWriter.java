package dev.brine.cli.predict;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.brine.core.UnsupportedModelException;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV with a header row (FastCSV: quotes where a cell needs them, LF line ends): one column per label output or
 * rank-1 output, one per named column of a (rows, k) output. Higher-rank outputs do not fit a table.
 */
final class CsvPredictionWriter implements PredictionWriter {
    private final Writer target;
    private final CsvWriter csv;
    private boolean headerWritten;

    CsvPredictionWriter(Writer target) {
        this.target = target;
        this.csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).autoFlush(false).build(target);
    }

    @Override
    public void write(Predictions batch) {
        if (!headerWritten) {
            csv.writeRecord(header(batch));
            headerWritten = true;
        }
        long rows = batch.outputs().getFirst().rows();
        List<String> cells = new ArrayList<>();
        for (long row = 0; row < rows; row++) {
            cells.clear();
            for (Predictions.Output output : batch.outputs()) {
                switch (output) {
                    case Predictions.Labels labels -> cells.add(labels.values()[(int) row]);
                    case Predictions.Values values -> {
                        long width = values.tensor().rank() == 2 ? values.tensor().shape().dim(1) : 1;
                        for (long k = 0; k < width; k++) {
                            cells.add(PredictionWriter.number(values.tensor(), row * width + k));
                        }
                    }
                }
            }
            csv.writeRecord(cells);
        }
    }

    private static List<String> header(Predictions batch) {
        List<String> header = new ArrayList<>();
        for (Predictions.Output output : batch.outputs()) {
            switch (output) {
                case Predictions.Labels labels -> header.add(labels.name());
                case Predictions.Values values when values.tensor().rank() == 1 -> header.add(values.name());
                case Predictions.Values values when values.tensor().rank() == 2 -> {
                    long width = values.tensor().shape().dim(1);
                    for (int k = 0; k < width; k++) {
                        header.add(values.columns().size() == width ? values.columns().get(k)
                                : values.name() + "_" + k);
                    }
                }
                case Predictions.Values values -> throw new UnsupportedModelException("output \"" + values.name()
                        + "\" has shape " + values.tensor().shape() + ", which does not fit a CSV table; write"
                        + " --output OUT.npy, OUT.npz or OUT.jsonl.");
            }
        }
        return header;
    }

    @Override
    public void finish() throws IOException {
        csv.flush();
        target.flush();
    }
}
