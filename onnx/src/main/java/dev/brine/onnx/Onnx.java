package dev.brine.onnx;

import dev.brine.core.Limits;
import dev.brine.core.io.FileBytes;
import dev.brine.core.model.LoadOptions;
import dev.brine.onnx.proto.ExternalData;
import dev.brine.onnx.proto.ModelUnpacker;
import dev.brine.onnx.proto.OnnxParts;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The entry point of brine-onnx: read an ONNX file into a runnable {@link OnnxModel}.
 *
 * <pre>{@code
 * OnnxModel model = Onnx.load(Path.of("model.onnx"));   // or Models.load(...), through OnnxReader
 * Tensor y = model.predict(x);
 * Models.save(model, Path.of("model.brine"));          // graph bytes + initializers as tensors
 * }</pre>
 */
public final class Onnx {

    private Onnx() {
    }

    public static OnnxModel load(Path path) {
        return load(path, LoadOptions.DEFAULTS);
    }

    /**
     * Maps the file and splits it into graph and initializers (external data read from the model's directory only);
     * ONNX Runtime starts on the first prediction. Initializers stay slices of the mapping, which lives as long as
     * the model.
     */
    public static OnnxModel load(Path path, LoadOptions options) {
        MemorySegment file = FileBytes.map(path);
        Path directory = path.toAbsolutePath().getParent();
        return OnnxModel.of(split(file, path.toString(), options.limits(), Optional.of(directory)), path.toString(),
                options.limits());
    }

    /** Reads a model held in memory. It cannot use external data: no directory is known to be safe. */
    public static OnnxModel fromBytes(byte[] model, String source, Limits limits) {
        MemorySegment bytes = Arena.ofAuto().allocate(Math.max(1, model.length)).asSlice(0, model.length);
        bytes.copyFrom(MemorySegment.ofArray(model));
        return OnnxModel.of(split(bytes, source, limits, Optional.empty()), source, limits);
    }

    /** The file split into graph and initializers, without starting ONNX Runtime (for inspection and conversion). */
    public static OnnxParts split(Path path, Limits limits) {
        return split(FileBytes.map(path), path.toString(), limits, Optional.of(path.toAbsolutePath().getParent()));
    }

    private static OnnxParts split(MemorySegment file, String source, Limits limits, Optional<Path> directory) {
        return ModelUnpacker.unpack(file, source, limits, new ExternalData(directory, Arena.ofAuto()));
    }
}
