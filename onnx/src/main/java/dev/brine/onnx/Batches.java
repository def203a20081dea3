package dev.brine.onnx;

import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Slicing a batch along its first dimension and joining per-slice outputs back. */
final class Batches {

    private Batches() {
    }

    /** Rows {@code [start, start + count)} of {@code tensor}, sharing its memory. */
    static Tensor rows(Tensor tensor, long start, long count) {
        long[] dims = tensor.shape().dims();
        long rowBytes = tensor.byteSize() / Math.max(1, dims[0]);
        dims[0] = count;
        return new Tensor(tensor.dtype(), Shape.of(dims), tensor.data().asSlice(start * rowBytes, count * rowBytes));
    }

    /** Joins the outputs of consecutive slices, in order. */
    static OrtValues.Output join(List<OrtValues.Output> parts) {
        return switch (parts.getFirst()) {
            case OrtValues.Output.Numeric first -> {
                List<Tensor> tensors = parts.stream().map(part -> ((OrtValues.Output.Numeric) part).tensor()).toList();
                long[] dims = first.tensor().shape().dims();
                dims[0] = tensors.stream().mapToLong(tensor -> tensor.shape().dim(0)).sum();
                Tensor joined = Tensor.zeros(first.tensor().dtype(), dims);
                long at = 0;
                for (Tensor tensor : tensors) {
                    MemorySegment.copy(tensor.data(), 0, joined.data(), at, tensor.byteSize());
                    at += tensor.byteSize();
                }
                yield new OrtValues.Output.Numeric(joined);
            }
            case OrtValues.Output.Strings first -> {
                List<String> values = new ArrayList<>();
                long rows = 0;
                for (OrtValues.Output part : parts) {
                    OrtValues.Output.Strings strings = (OrtValues.Output.Strings) part;
                    values.addAll(List.of(strings.values()));
                    rows += strings.shape()[0];
                }
                long[] shape = first.shape().clone();
                shape[0] = rows;
                yield new OrtValues.Output.Strings(values.toArray(String[]::new), shape);
            }
            case OrtValues.Output.MapRows ignored -> {
                List<Map<String, Double>> rows = new ArrayList<>();
                parts.forEach(part -> rows.addAll(((OrtValues.Output.MapRows) part).rows()));
                yield new OrtValues.Output.MapRows(rows);
            }
        };
    }
}
