package dev.brine.registry.inspect;

import dev.brine.core.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The default inspector: a format named after the file extension, and the file's name and size. */
final class ExtensionInspector implements ArtifactInspector {

    static final ExtensionInspector INSTANCE = new ExtensionInspector();

    private static final Map<String, String> FORMAT_BY_EXTENSION = Map.ofEntries(
            Map.entry("brine", "brine"),
            Map.entry("safetensors", "safetensors"),
            Map.entry("pkl", "pickle"),
            Map.entry("pickle", "pickle"),
            Map.entry("joblib", "joblib"),
            Map.entry("pt", "pytorch"),
            Map.entry("pth", "pytorch"),
            Map.entry("h5", "hdf5"),
            Map.entry("hdf5", "hdf5"),
            Map.entry("keras", "keras"),
            Map.entry("onnx", "onnx"),
            Map.entry("npy", "npy"),
            Map.entry("npz", "npz"));

    private ExtensionInspector() {
    }

    @Override
    public ArtifactDescription inspect(Path file) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String format = FORMAT_BY_EXTENSION.getOrDefault(extension, "unknown");
        Json.JsonObject manifest = Json.object()
                .put("inspector", "extension")
                .put("extension", extension)
                .put("sizeBytes", Files.size(file))
                .build();
        return new ArtifactDescription(format, Optional.empty(), Optional.empty(), manifest);
    }
}
