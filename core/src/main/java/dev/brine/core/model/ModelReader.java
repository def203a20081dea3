package dev.brine.core.model;

import java.nio.file.Path;

/**
 * Reads one foreign model format (pickle, joblib, PyTorch, Keras, ONNX, numpy…) into a {@link Model}. Registered
 * through {@link java.util.ServiceLoader} ({@code META-INF/services/dev.brine.core.model.ModelReader});
 * {@code Models.load} asks every reader to {@link #detect} a file and uses the strongest answer.
 */
public interface ModelReader {

    /** How sure a reader is that a file is its format. */
    enum Detection { NO, EXTENSION, MAGIC }

    /** A short format name for people and manifests: {@code "pickle"}, {@code "pytorch"}, {@code "keras-h5"}. */
    String formatName();

    /**
     * Decides from the file's first bytes (up to 512, fewer for a short file) and its name. Magic bytes win over an
     * extension; must not read the file.
     */
    Detection detect(byte[] head, String fileName);

    /** Reads the file into a model without running anything it names. */
    Model read(Path path, LoadOptions options);
}
