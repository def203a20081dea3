package dev.brine.core.model;

import dev.brine.core.tensor.Tensor;

/** A tensor with its state-dict name (PyTorch naming: {@code 0.weight}, {@code 1.running_mean}) and its role. */
public record NamedTensor(String name, Tensor tensor, TensorRole role) {
}
