package dev.brine.bench;

import dev.brine.core.Limits;
import dev.brine.core.format.SafetensorsFile;
import dev.brine.core.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A tensor held the way a plain-Java program holds weights: a {@code float[]} and its shape. The peers use these. */
public record HeapTensor(String name, long[] shape, float[] values) {

    /** Copies every (F32) tensor of a safetensors or {@code .brine} file into heap arrays. */
    public static List<HeapTensor> copyOf(Path file) {
        List<HeapTensor> out = new ArrayList<>();
        try (SafetensorsFile tensors = SafetensorsFile.open(file, Limits.DEFAULTS)) {
            for (Map.Entry<String, Tensor> tensor : tensors.tensors().entrySet()) {
                Tensor value = tensor.getValue();
                out.add(new HeapTensor(tensor.getKey(), value.shape().dims(), value.toFloatArray()));
            }
        }
        return out;
    }

    public static long byteSize(List<HeapTensor> tensors) {
        return tensors.stream().mapToLong(tensor -> (long) tensor.values().length * Float.BYTES).sum();
    }
}
