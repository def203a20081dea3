package dev.brine.models.nn;

import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What loading a state dict into an architecture found, as PyTorch's {@code load_state_dict} reports: keys the
 * architecture has but the state dict lacks, keys the state dict has but the architecture lacks, and keys present in
 * both whose shape or dtype differs (those are never loaded).
 */
public record LoadReport(List<String> missingKeys, List<String> unexpectedKeys, List<String> mismatches) {

    public LoadReport {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
        mismatches = List.copyOf(mismatches);
    }

    /**
     * The report of loading {@code given} into a model whose tensors are {@code expected} (names, dtypes, shapes), in
     * the expected tensors' order.
     */
    static LoadReport compare(List<NamedTensor> expected, Map<String, Tensor> given) {
        List<String> missing = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (NamedTensor tensor : expected) {
            Tensor candidate = given.get(tensor.name());
            if (candidate == null) {
                missing.add(tensor.name());
            } else if (!fits(candidate, tensor.tensor().dtype(), tensor.tensor().shape().dims())) {
                mismatches.add(mismatch(tensor.name(), candidate, tensor.tensor().dtype(),
                        tensor.tensor().shape().dims()));
            }
        }
        Set<String> names = expected.stream().map(NamedTensor::name).collect(java.util.stream.Collectors.toSet());
        return new LoadReport(missing, given.keySet().stream().filter(key -> !names.contains(key)).toList(),
                mismatches);
    }

    static boolean fits(Tensor tensor, DType dtype, long[] shape) {
        return tensor.dtype() == dtype && Arrays.equals(tensor.shape().dims(), shape);
    }

    static String mismatch(String key, Tensor tensor, DType dtype, long[] shape) {
        return key + ": " + tensor.dtype() + " " + tensor.shape() + " given, " + dtype + " " + Shape.of(shape)
                + " expected";
    }

    public boolean clean() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && mismatches.isEmpty();
    }

    @Override
    public String toString() {
        return "missing keys " + missingKeys + ", unexpected keys " + unexpectedKeys + ", mismatched " + mismatches;
    }
}
