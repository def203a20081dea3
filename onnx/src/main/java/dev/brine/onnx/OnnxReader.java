package dev.brine.onnx;

import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelReader;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Lets {@code Models.load} and {@code Models.inspect} read {@code .onnx} files. ONNX has no magic number (a
 * protobuf starts with any field), so only the extension identifies it.
 */
public final class OnnxReader implements ModelReader {

    @Override
    public String formatName() {
        return "onnx";
    }

    @Override
    public Detection detect(byte[] head, String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".onnx") ? Detection.EXTENSION : Detection.NO;
    }

    @Override
    public Model read(Path path, LoadOptions options) {
        return Onnx.load(path, options);
    }
}
