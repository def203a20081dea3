package dev.brine.python.torch;

import dev.brine.core.tensor.Tensor;
import dev.brine.python.pickle.PyValue;

import java.util.Map;

/**
 * What a {@code torch.save} file holds: the unpickled object tree (state dict, checkpoint dict, module…) with
 * {@link TorchTensor}s in it, and every tensor by its dotted path ({@code model_state_dict.0.weight}), in file
 * order.
 *
 * @param format {@code zip} (torch 1.6 and later), {@code legacy} or {@code tar} (torch before 0.4)
 */
public record TorchArchive(String format, PyValue root, Map<String, Tensor> tensors) {

    public TorchArchive {
        tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tensors));
    }
}
