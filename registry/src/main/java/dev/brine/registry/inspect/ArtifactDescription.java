package dev.brine.registry.inspect;

import dev.brine.core.json.Json.JsonObject;

import java.util.Objects;
import java.util.Optional;

/**
 * What a version records about the model in its artifact, as an {@link ArtifactInspector} found it.
 *
 * @param format     the file format ({@code brine}, {@code pickle}, {@code pytorch}, {@code onnx}…)
 * @param modelType  the model type when the inspector could tell ({@code logistic_regression}…)
 * @param signature  inputs and outputs when known, as JSON
 * @param manifest   everything else the inspector wants kept (tensors, provenance…), as JSON
 */
public record ArtifactDescription(String format, Optional<String> modelType, Optional<JsonObject> signature,
                                  JsonObject manifest) {

    public ArtifactDescription {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(modelType, "modelType");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(manifest, "manifest");
    }
}
