package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.format.SafetensorsFile;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelReader;

import java.lang.foreign.Arena;
import java.nio.file.Path;

/**
 * A plain safetensors file of weights plus an architecture ({@code --arch}, {@link ArchitectureSpec}) as a
 * {@link Sequential}. {@code Models.load} recognises safetensors itself and asks this reader (by its format name)
 * only when an architecture is given, so {@link #detect} never claims a file.
 */
public final class SafetensorsSequentialReader implements ModelReader {

    @Override
    public String formatName() {
        return "safetensors";
    }

    @Override
    public Detection detect(byte[] head, String fileName) {
        return Detection.NO;
    }

    @Override
    public Model read(Path path, LoadOptions options) {
        String spec = options.architecture().orElseThrow(() -> new IncompatibleModelException(path.getFileName()
                + ": a safetensors file of weights needs an architecture (--arch) to become a network"));
        ArchitectureSpec architecture = ArchitectureSpec.parse(spec);
        SafetensorsFile file = SafetensorsFile.open(path, options.limits(), Arena.ofAuto());
        return architecture.withWeights(file.tensors());
    }
}
