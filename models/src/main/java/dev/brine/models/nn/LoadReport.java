package dev.brine.models.nn;

import java.util.List;

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

    public boolean clean() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && mismatches.isEmpty();
    }

    @Override
    public String toString() {
        return "missing keys " + missingKeys + ", unexpected keys " + unexpectedKeys + ", mismatched " + mismatches;
    }
}
