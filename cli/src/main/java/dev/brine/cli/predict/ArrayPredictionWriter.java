package dev.brine.cli.predict;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * numpy arrays: {@code .npy} holds the one output (class labels as a unicode array), {@code .npz} every output as a
 * member named after it ({@code prediction}, {@code probabilities}, or the model's output names). Batches are joined
 * in memory and written at the end, when the row count is known.
 */
final class ArrayPredictionWriter implements PredictionWriter {
    private final OutputFormat format;
    private final Destination destination;
    private final Map<String, List<Predictions.Output>> parts = new LinkedHashMap<>();

    ArrayPredictionWriter(OutputFormat format, Destination destination) {
        this.format = format;
        this.destination = destination;
    }

    @Override
    public void write(Predictions batch) {
        if (format == OutputFormat.NPY && batch.outputs().size() != 1) {
            throw new UnsupportedModelException("the predictions have " + batch.outputs().size() + " outputs "
                    + batch.outputs().stream().map(Predictions.Output::name).toList() + "; a .npy file holds one"
                    + " array: write --output OUT.npz (one member per output) instead.");
        }
        for (Predictions.Output output : batch.outputs()) {
            parts.computeIfAbsent(output.name(), name -> new ArrayList<>()).add(output);
        }
    }

    @Override
    public void finish() throws IOException {
        OutputStream out = destination.bytes();
        if (format == OutputFormat.NPY) {
            write(parts.values().iterator().next(), out);
        } else {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, List<Predictions.Output>> entry : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey() + ".npy"));
                write(entry.getValue(), zip);
                zip.closeEntry();
            }
            zip.finish();
        }
        out.flush();
    }

    private static void write(List<Predictions.Output> batches, OutputStream out) throws IOException {
        if (batches.getFirst() instanceof Predictions.Labels) {
            List<String> labels = new ArrayList<>();
            batches.forEach(batch -> labels.addAll(List.of(((Predictions.Labels) batch).values())));
            NpyWriter.writeText(labels, out);
        } else {
            NpyWriter.write(join(batches.stream().map(batch -> ((Predictions.Values) batch).tensor()).toList()), out);
        }
    }

    /** Tensors of the same trailing shape, joined along the first dimension. */
    private static Tensor join(List<Tensor> tensors) {
        if (tensors.size() == 1) {
            return tensors.getFirst();
        }
        long[] dims = tensors.getFirst().shape().dims();
        dims[0] = tensors.stream().mapToLong(tensor -> tensor.shape().dim(0)).sum();
        Tensor joined = Tensor.zeros(tensors.getFirst().dtype(), dims);
        long at = 0;
        for (Tensor tensor : tensors) {
            MemorySegment.copy(tensor.data(), 0, joined.data(), at, tensor.byteSize());
            at += tensor.byteSize();
        }
        return joined;
    }
}
