package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.core.format.BrineFile;
import dev.brine.core.format.Integrity;
import dev.brine.core.io.FileBytes;
import dev.brine.core.format.Manifest;
import dev.brine.core.format.Provenance;
import dev.brine.core.format.SafetensorsWriter;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.SaveOptions;
import dev.brine.core.tensor.Tensor;
import dev.brine.core.UnsupportedModelException;
import dev.brine.onnx.export.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "convert", description = "Convert any readable model file to .brine (or to .safetensors),"
        + " recording where it came from.")
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "The file (or models:/… version) to convert.")
    String inputArgument;

    @picocli.CommandLine.Mixin
    RegistryFlags registryFlags;

    private Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write: .brine, .safetensors or .onnx"
            + " (export of a Brine model).")
    Path output;

    @picocli.CommandLine.Mixin
    LoadFlags loadFlags;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        input = registryFlags.localFile(inputArgument);
        LoadOptions options = loadFlags.options();
        String sourceFormat = Models.formatOf(input, options.limits());
        Model model = Models.load(input, options);
        String target = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (target.endsWith(".brine")) {
            Provenance provenance = Provenance.now()
                    .withSource(sourceFormat, input.getFileName().toString(), sha256(input));
            Manifest manifest = Models.save(model, output, SaveOptions.defaults().withProvenance(provenance)
                    .withExtraMetadata(otherMetadata(sourceFormat, options.limits())));
            spec.commandLine().getOut().println("wrote " + output + " (" + manifest.modelType() + ", "
                    + manifest.tensors().size() + " tensors) from " + sourceFormat + " " + input);
            // A torch checkpoint whose optimizer class the file does not settle: the weights are fine, resuming is not.
            model.snapshot().training().map(state -> state.details().getOrNull("optimizer_unresolved"))
                    .filter(reason -> reason instanceof Json.JsonString)
                    .ifPresent(reason -> spec.commandLine().getErr().println("note: the optimizer state is kept but "
                            + "not resolved: " + ((Json.JsonString) reason).value()));
        } else if (target.endsWith(".safetensors")) {
            LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
            for (NamedTensor tensor : model.snapshot().tensors()) {
                tensors.put(tensor.name(), tensor.tensor());
            }
            SafetensorsWriter.write(output, tensors, otherMetadata(sourceFormat, options.limits()));
            spec.commandLine().getOut().println("wrote " + output + " (" + tensors.size() + " tensors, plain"
                    + " safetensors: the Brine manifest is not kept) from " + sourceFormat + " " + input);
        } else if (target.endsWith(".onnx")) {
            OnnxExport.write(model, output);
            spec.commandLine().getOut().println("wrote " + output + " (ONNX export of " + model.type() + ") from "
                    + sourceFormat + " " + input);
        } else {
            throw new UnsupportedModelException(output + ": cannot tell which format to write from the extension;"
                    + " use .brine, .safetensors or .onnx.");
        }
        return 0;
    }

    /** Keeps the {@code __metadata__} of a safetensors source (other than a Brine manifest). */
    private Map<String, String> otherMetadata(String sourceFormat, dev.brine.core.Limits limits) {
        if (!sourceFormat.equals("brine") && !sourceFormat.equals("safetensors")) {
            return Map.of();
        }
        try (BrineFile file = BrineFile.open(input, limits)) {
            Map<String, String> metadata = new LinkedHashMap<>(file.safetensors().metadata());
            metadata.remove(Manifest.METADATA_KEY);
            return metadata;
        }
    }

    private static String sha256(Path file) {
        return Integrity.sha256(FileBytes.map(file));
    }
}
