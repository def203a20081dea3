package dev.brine.core.format;

import dev.brine.core.BrineVersion;
import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.json.JsonShapeException;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.model.TrainingState;
import dev.brine.core.tensor.DType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manifest ↔ JSON, with the key names of docs/format.md §3. */
final class ManifestCodec {
    private ManifestCodec() {
    }

    static Json.JsonObject encode(Manifest manifest) {
        Json.ObjectBuilder tensors = Json.object();
        manifest.tensors().forEach((name, record) -> tensors.put(name, Json.object()
                .put("role", record.role().jsonName())
                .put("sha256", record.sha256())
                .build()));
        Json.ObjectBuilder root = Json.object()
                .put("format", "brine")
                .put("format_version", manifest.formatVersion())
                .put("model_type", manifest.modelType())
                .put("config", manifest.config())
                .put("signature", encodeSignature(manifest.signature()))
                .put("class_labels", Json.arrayOfStrings(manifest.classLabels()));
        manifest.training().ifPresent(training -> root.put("training", encodeTraining(training)));
        return root.put("tensors", tensors.build())
                .put("provenance", encodeProvenance(manifest.provenance()))
                .put("user_metadata", manifest.userMetadata())
                .build();
    }

    private static Json encodeSignature(Signature signature) {
        return Json.object()
                .put("inputs", encodeSpecs(signature.inputs()))
                .put("outputs", encodeSpecs(signature.outputs()))
                .put("feature_names", Json.arrayOfStrings(signature.featureNames()))
                .build();
    }

    private static Json encodeSpecs(List<TensorSpec> specs) {
        return Json.array(specs.stream().map(spec -> (Json) Json.object()
                .put("name", spec.name())
                .put("dtype", spec.dtype().name())
                .put("shape", Json.arrayOfLongs(spec.shape()))
                .build()).toList());
    }

    private static Json encodeTraining(TrainingState training) {
        return Json.object()
                .put("epoch", training.epoch())
                .put("step", training.step())
                .put("data_position", training.dataPosition())
                .put("metrics_history", Json.array(training.metricsHistory()))
                .put("details", training.details())
                .build();
    }

    private static Json encodeProvenance(Provenance provenance) {
        Json.ObjectBuilder out = Json.object()
                .put("brine_version", provenance.brineVersion())
                .put("jdk", provenance.jdk())
                .put("created_at", provenance.createdAt().toString());
        provenance.sourceFormat().ifPresent(value -> out.put("source_format", value));
        provenance.sourceFile().ifPresent(value -> out.put("source_file", value));
        provenance.sourceSha256().ifPresent(value -> out.put("source_sha256", value));
        provenance.parentFile().ifPresent(value -> out.put("parent_file", value));
        provenance.parentSha256().ifPresent(value -> out.put("parent_sha256", value));
        return out.build();
    }

    static Manifest decode(String text, String source, Limits limits) {
        Json parsed = JsonParser.parse(text, source + " manifest", 0, limits);
        if (!(parsed instanceof Json.JsonObject root)) {
            throw new CorruptModelException(source + ": the Brine manifest must be a JSON object.");
        }
        try {
            // Compared as a long: narrowing first would read 2^32 + 1 as version 1.
            long version = root.getLong("format_version");
            if (version < 1) {
                throw new CorruptModelException(source + ": the Brine manifest has format_version " + version
                        + ", which no Brine writes (versions start at 1). The file was damaged or written by a"
                        + " non-conforming writer.");
            }
            if (version > Manifest.FORMAT_VERSION) {
                String writer = root.has("provenance") && root.getObject("provenance").has("brine_version")
                        ? root.getObject("provenance").getString("brine_version") : "an unknown version";
                throw new UnsupportedModelException(source + ": written by Brine " + writer + " in .brine format"
                        + " version " + version + "; this Brine (" + BrineVersion.current() + ") reads format"
                        + " versions 1 to " + Manifest.FORMAT_VERSION + ". Upgrade Brine to " + writer
                        + " or newer to read it.");
            }
            Map<String, Manifest.TensorRecord> tensors = new LinkedHashMap<>();
            root.getObject("tensors").members().forEach((name, value) -> {
                Json.JsonObject record = asObject(value, "tensors." + name);
                tensors.put(name, new Manifest.TensorRecord(TensorRole.fromJsonName(record.getString("role")),
                        record.getString("sha256")));
            });
            Optional<TrainingState> training = root.has("training")
                    ? Optional.of(decodeTraining(root.getObject("training"))) : Optional.empty();
            return new Manifest((int) version, root.getString("model_type"), root.getObject("config"), tensors,
                    decodeSignature(root.getObject("signature")), root.getArray("class_labels").toStringList(),
                    training, decodeProvenance(root.getObject("provenance")), root.getObject("user_metadata"));
        } catch (JsonShapeException | IllegalArgumentException | DateTimeParseException e) {
            throw new CorruptModelException(source + ": the Brine manifest is malformed: " + e.getMessage()
                    + ". The file was damaged or written by a non-conforming writer.");
        }
    }

    private static Json.JsonObject asObject(Json value, String where) {
        if (!(value instanceof Json.JsonObject object)) {
            throw new JsonShapeException(where + " must be an object");
        }
        return object;
    }

    private static Signature decodeSignature(Json.JsonObject json) {
        return new Signature(decodeSpecs(json.getArray("inputs")), decodeSpecs(json.getArray("outputs")),
                json.getArray("feature_names").toStringList());
    }

    private static List<TensorSpec> decodeSpecs(Json.JsonArray array) {
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Json.JsonObject spec = asObject(array.get(i), "signature item " + i);
            specs.add(new TensorSpec(spec.getString("name"), DType.valueOf(spec.getString("dtype")),
                    spec.getArray("shape").toLongArray()));
        }
        return specs;
    }

    private static TrainingState decodeTraining(Json.JsonObject json) {
        List<Json.JsonObject> history = new ArrayList<>();
        Json.JsonArray items = json.getArray("metrics_history");
        for (int i = 0; i < items.size(); i++) {
            history.add(asObject(items.get(i), "training.metrics_history[" + i + "]"));
        }
        return new TrainingState(json.getLong("epoch"), json.getLong("step"), json.getLong("data_position"),
                history, json.getObject("details"));
    }

    private static Provenance decodeProvenance(Json.JsonObject json) {
        return new Provenance(json.getString("brine_version"), json.getString("jdk"),
                Instant.parse(json.getString("created_at")), optional(json, "source_format"),
                optional(json, "source_file"), optional(json, "source_sha256"), optional(json, "parent_file"),
                optional(json, "parent_sha256"));
    }

    private static Optional<String> optional(Json.JsonObject json, String key) {
        return json.has(key) ? Optional.of(json.getString(key)) : Optional.empty();
    }
}
