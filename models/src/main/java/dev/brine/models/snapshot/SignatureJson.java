package dev.brine.models.snapshot;

import dev.brine.core.json.Json;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;

import java.util.ArrayList;
import java.util.List;

/** A {@link Signature} as JSON, for the children of a composite model (the top level's is the manifest's job). */
final class SignatureJson {

    private SignatureJson() {
    }

    static Json.JsonObject encode(Signature signature) {
        return Json.object()
                .put("inputs", specs(signature.inputs()))
                .put("outputs", specs(signature.outputs()))
                .put("feature_names", Json.arrayOfStrings(signature.featureNames()))
                .build();
    }

    static Signature decode(Json.JsonObject json) {
        return new Signature(specs(json.getArray("inputs")), specs(json.getArray("outputs")),
                json.getArray("feature_names").toStringList());
    }

    private static Json.JsonArray specs(List<TensorSpec> specs) {
        List<Json> out = new ArrayList<>();
        for (TensorSpec spec : specs) {
            out.add(Json.object().put("name", spec.name()).put("dtype", spec.dtype().name())
                    .put("shape", Json.arrayOfLongs(spec.shape())).build());
        }
        return Json.array(out);
    }

    private static List<TensorSpec> specs(Json.JsonArray array) {
        List<TensorSpec> out = new ArrayList<>();
        for (Json item : array.items()) {
            Json.JsonObject spec = (Json.JsonObject) item;
            out.add(new TensorSpec(spec.getString("name"), DType.valueOf(spec.getString("dtype")),
                    spec.getArray("shape").toLongArray()));
        }
        return out;
    }
}
