package dev.brine.core.format;

import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.model.TrainingState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code brine inspect} shows and the registry records about a model file, without predicting anything.
 *
 * @param format        {@code brine}, {@code safetensors}, or a reader's format name
 * @param manifest      the Brine manifest, for {@code .brine} files
 * @param otherMetadata safetensors {@code __metadata__} entries other than the manifest
 */
public record Inspection(String file, long fileBytes, String format, String modelType, Signature signature,
                         List<String> classLabels, Optional<TrainingState> training, List<TensorInfo> tensors,
                         Optional<Manifest> manifest, Map<String, String> otherMetadata) {

    public Inspection {
        classLabels = List.copyOf(classLabels);
        tensors = List.copyOf(tensors);
        otherMetadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(otherMetadata));
    }

    /** One tensor: role and digest are empty where the file does not record them. */
    public record TensorInfo(String name, String dtype, long[] shape, long bytes, Optional<TensorRole> role,
                             Optional<String> sha256) {
    }

    /** Inspects an open {@code .brine} or safetensors file from its header alone. */
    public static Inspection of(BrineFile file, long fileBytes) {
        SafetensorsFile tensors = file.safetensors();
        Optional<Manifest> manifest = file.manifest();
        List<TensorInfo> infos = new ArrayList<>();
        for (TensorEntry entry : tensors.entries().values()) {
            Optional<Manifest.TensorRecord> record = manifest.map(m -> m.tensors().get(entry.name()));
            infos.add(new TensorInfo(entry.name(), entry.dtype().name(), entry.shape().dims(), entry.byteSize(),
                    record.map(Manifest.TensorRecord::role), record.map(Manifest.TensorRecord::sha256)));
        }
        Map<String, String> other = new LinkedHashMap<>(tensors.metadata());
        other.remove(Manifest.METADATA_KEY);
        return new Inspection(tensors.source(), fileBytes, manifest.isPresent() ? "brine" : "safetensors",
                manifest.map(Manifest::modelType).orElse("none (tensors only)"),
                manifest.map(Manifest::signature).orElse(Signature.UNKNOWN),
                manifest.map(Manifest::classLabels).orElse(List.of()),
                manifest.flatMap(Manifest::training), infos, manifest, other);
    }

    /** Inspects a model read from a foreign format through its snapshot. */
    public static Inspection of(String file, long fileBytes, String format, ModelSnapshot snapshot) {
        List<TensorInfo> infos = new ArrayList<>();
        for (NamedTensor tensor : snapshot.tensors()) {
            infos.add(new TensorInfo(tensor.name(), tensor.tensor().dtype().name(), tensor.tensor().shape().dims(),
                    tensor.tensor().byteSize(), Optional.of(tensor.role()), Optional.empty()));
        }
        return new Inspection(file, fileBytes, format, snapshot.type(), snapshot.signature(),
                snapshot.classLabels(), snapshot.training(), infos, Optional.empty(), Map.of());
    }

    public Json.JsonObject toJson() {
        List<Json> tensorJson = new ArrayList<>();
        for (TensorInfo info : tensors) {
            Json.ObjectBuilder item = Json.object()
                    .put("name", info.name())
                    .put("dtype", info.dtype())
                    .put("shape", Json.arrayOfLongs(info.shape()))
                    .put("bytes", info.bytes());
            info.role().ifPresent(role -> item.put("role", role.jsonName()));
            info.sha256().ifPresent(digest -> item.put("sha256", digest));
            tensorJson.add(item.build());
        }
        Json.ObjectBuilder other = Json.object();
        otherMetadata.forEach(other::put);
        Json.ObjectBuilder root = Json.object()
                .put("file", file)
                .put("file_bytes", fileBytes)
                .put("format", format)
                .put("model_type", modelType)
                .put("signature", Json.object()
                        .put("inputs", specs(signature.inputs()))
                        .put("outputs", specs(signature.outputs()))
                        .put("feature_names", Json.arrayOfStrings(signature.featureNames()))
                        .build())
                .put("class_labels", Json.arrayOfStrings(classLabels))
                .put("tensors", Json.array(tensorJson))
                .put("integrity", Json.object()
                        .put("digests_recorded", manifest.isPresent())
                        .put("verified", false)
                        .build());
        manifest.ifPresent(m -> root.put("manifest", Manifest.toJsonValue(m)));
        return root.put("other_metadata", other.build()).build();
    }

    private static Json specs(List<TensorSpec> specs) {
        return Json.array(specs.stream().map(spec -> (Json) Json.object()
                .put("name", spec.name())
                .put("dtype", spec.dtype().name())
                .put("shape", Json.arrayOfLongs(spec.shape()))
                .build()).toList());
    }
}
