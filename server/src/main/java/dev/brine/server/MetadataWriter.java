package dev.brine.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.brine.core.BrineVersion;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Metadata responses of the Open Inference Protocol: the server's, a model's (inputs and outputs from its
 * signature, with datatype and shape; -1 is any size), readiness, and the error body. Brine adds to a model's
 * {@code parameters}: its type, source, load time, feature names, class labels and, when the newest revision of a
 * source failed to load, that error (the previous version keeps serving).
 */
final class MetadataWriter {
    static final List<String> EXTENSIONS = List.of("binary_tensor_data", "brine_predict");

    private MetadataWriter() {
    }

    interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    static byte[] json(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = RequestJson.FACTORY.createGenerator(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] error(String message) {
        return json(out -> {
            out.writeStartObject();
            out.writeStringField("error", message);
            out.writeEndObject();
        });
    }

    static byte[] server() {
        return json(out -> {
            out.writeStartObject();
            out.writeStringField("name", "brine");
            out.writeStringField("version", BrineVersion.current());
            out.writeArrayFieldStart("extensions");
            for (String extension : EXTENSIONS) {
                out.writeString(extension);
            }
            out.writeEndArray();
            out.writeEndObject();
        });
    }

    static byte[] flag(String name, boolean value) {
        return json(out -> {
            out.writeStartObject();
            out.writeBooleanField(name, value);
            out.writeEndObject();
        });
    }

    static byte[] modelReady(String model, boolean ready) {
        return json(out -> {
            out.writeStartObject();
            out.writeStringField("name", model);
            out.writeBooleanField("ready", ready);
            out.writeEndObject();
        });
    }

    static byte[] models(Catalog catalog) {
        return json(out -> {
            out.writeStartObject();
            out.writeArrayFieldStart("models");
            for (ServedModel model : catalog.all()) {
                out.writeStartObject();
                out.writeStringField("name", model.name);
                writeVersions(out, model);
                out.writeBooleanField("ready", model.ready());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        });
    }

    static byte[] model(ServedModel model, LiveVersion live) {
        return json(out -> {
            Signature signature = live.model().signature();
            out.writeStartObject();
            out.writeStringField("name", model.name);
            writeVersions(out, model);
            out.writeStringField("platform", "brine");
            out.writeArrayFieldStart("inputs");
            for (TensorSpec input : signature.inputs()) {
                writeSpec(out, input.name(), Datatype.of(input.dtype()), input.shape());
            }
            out.writeEndArray();
            out.writeArrayFieldStart("outputs");
            List<TensorSpec> outputs = signature.outputs();
            String primary = Inference.primaryOutput(signature);
            long[] rows = {-1};
            for (String name : Inference.outputNames(live)) {
                if (name.equals(primary)) {
                    TensorSpec spec = outputs.isEmpty() ? null : outputs.getFirst();
                    writeSpec(out, name, spec == null ? Datatype.FP64 : Datatype.of(spec.dtype()),
                            spec == null ? rows : spec.shape());
                } else if (name.equals(Inference.PROBABILITIES)) {
                    writeSpec(out, name, Datatype.FP64,
                            new long[] {-1, live.classifier().orElseThrow().classLabels().size()});
                } else {
                    writeSpec(out, name, Datatype.BYTES, rows);
                }
            }
            out.writeEndArray();
            writeParameters(out, model, live);
            out.writeEndObject();
        });
    }

    private static void writeVersions(JsonGenerator out, ServedModel model) throws IOException {
        out.writeArrayFieldStart("versions");
        for (LiveVersion version : model.live()) {
            out.writeString(version.version());
        }
        out.writeEndArray();
    }

    private static void writeSpec(JsonGenerator out, String name, Datatype datatype, long[] shape)
            throws IOException {
        out.writeStartObject();
        out.writeStringField("name", name);
        out.writeStringField("datatype", datatype.name());
        out.writeArrayFieldStart("shape");
        for (long dim : shape) {
            out.writeNumber(dim);
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void writeParameters(JsonGenerator out, ServedModel model, LiveVersion live) throws IOException {
        out.writeObjectFieldStart("parameters");
        out.writeStringField("version", live.version());
        out.writeStringField("type", live.model().type());
        out.writeStringField("source", live.source());
        out.writeStringField("loaded_at", live.loadedAt().toString());
        List<String> features = live.model().signature().featureNames();
        if (!features.isEmpty()) {
            writeStrings(out, "feature_names", features);
        }
        if (live.classifier().isPresent()) {
            writeStrings(out, "class_labels", live.classifier().get().classLabels());
        }
        record Failing(String source, Track.LoadFailure failure) {
        }
        List<Failing> failing = model.tracks.stream()
                .flatMap(track -> track.lastFailure().map(f -> new Failing(track.source.description(), f)).stream())
                .toList();
        if (!failing.isEmpty()) {
            out.writeArrayFieldStart("load_errors");
            for (Failing entry : failing) {
                Track.LoadFailure failure = entry.failure();
                out.writeStartObject();
                out.writeStringField("source", entry.source());
                out.writeStringField("error", failure.message());
                out.writeStringField("at", failure.at().toString());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private static void writeStrings(JsonGenerator out, String name, List<String> values) throws IOException {
        out.writeArrayFieldStart(name);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }
}
