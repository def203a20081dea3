package dev.brine.models.io;

import dev.brine.core.format.SafetensorsFile;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelReader;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.models.nn.ArchitectureSpec;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.StateDictKeys;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;

/**
 * A plain safetensors state dict plus an architecture ({@code --arch}) becomes a runnable {@link Sequential}: the
 * weights are loaded strictly, so a missing, unexpected or misshapen key is an {@link IncompatibleModelException}
 * listing them. {@code Models.load} asks this reader only when an architecture is given; it claims no file by itself.
 */
public final class SafetensorsWithArchitectureReader implements ModelReader {

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
        String spec = options.architecture().orElseThrow(() -> new IllegalArgumentException(
                path + " is a bare state dict; give its architecture (--arch)"));
        Sequential network = ArchitectureSpec.parse(spec);
        SafetensorsFile file = SafetensorsFile.open(path, options.limits(), Arena.ofAuto());
        List<NamedTensor> tensors = file.tensors().entrySet().stream()
                .map(entry -> new NamedTensor(entry.getKey(), entry.getValue(),
                        isBuffer(entry.getKey()) ? TensorRole.BUFFER : TensorRole.PARAMETER))
                .toList();
        StateDictKeys.load(network, tensors, options, path.toString());
        return network;
    }

    private static boolean isBuffer(String name) {
        return name.endsWith(".running_mean") || name.endsWith(".running_var") || name.endsWith(".num_batches_tracked");
    }
}
