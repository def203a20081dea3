package dev.brine.cli;

import dev.brine.core.Limits;
import dev.brine.core.Models;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.LoadOptions;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Which files need the pickle scanner. Formats that cannot name code (.brine, safetensors, Keras, ONNX) are checked
 * by their own readers, which refuse what could run (a Keras Lambda, an ONNX external path escaping its folder)
 * while inspecting; everything else (pickle, joblib, PyTorch, numpy) is scanned for the globals it names.
 */
final class Scanning {
    private static final Set<String> DECLARATIVE_FORMATS = Set.of("brine", "safetensors", "keras", "onnx");

    private Scanning() {
    }

    /** The format when it is declarative, empty when the pickle scanner must look at the file. */
    static Optional<String> declarativeFormat(Path file, Limits limits) {
        try {
            String format = Models.formatOf(file, limits);
            return DECLARATIVE_FORMATS.contains(format) ? Optional.of(format) : Optional.empty();
        } catch (UnsupportedModelException e) {
            return Optional.empty();
        }
    }

    /** Inspects a declarative file: empty when safe, else why its reader refused it. */
    static Optional<String> unsafeReason(Path file, Limits limits) {
        try {
            Models.inspect(file, LoadOptions.DEFAULTS.withLimits(limits));
            return Optional.empty();
        } catch (UnsafeModelException e) {
            return Optional.of(e.getMessage());
        }
    }
}
