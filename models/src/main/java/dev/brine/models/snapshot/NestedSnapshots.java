package dev.brine.models.snapshot;

import dev.brine.core.json.Json;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelTypes;
import dev.brine.core.model.NamedTensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a composite model (pipeline, column transformer, ensemble of arbitrary models) saves its children as one
 * snapshot: each child's type, configuration, signature and class labels become one JSON entry of the parent's
 * configuration, and its tensors join the parent's under {@code prefix + "."} (PyTorch's nested state-dict naming).
 */
public final class NestedSnapshots {

    private NestedSnapshots() {
    }

    /** The configuration entry for one child; its tensors are added to {@code tensors} under the prefix. */
    public static Json.JsonObject encode(Model child, String prefix, List<NamedTensor> tensors) {
        ModelSnapshot snapshot = child.snapshot();
        for (NamedTensor tensor : snapshot.tensors()) {
            tensors.add(new NamedTensor(prefix + "." + tensor.name(), tensor.tensor(), tensor.role()));
        }
        return Json.object()
                .put("type", snapshot.type())
                .put("config", snapshot.config())
                .put("signature", SignatureJson.encode(snapshot.signature()))
                .put("class_labels", Json.arrayOfStrings(snapshot.classLabels()))
                .build();
    }

    /** Rebuilds the child described by {@code entry} from the parent's tensors under the prefix. */
    public static Model decode(SnapshotReader parent, Json.JsonObject entry, String prefix) {
        ModelSnapshot child = parent.config(config -> child(parent, entry, prefix));
        return ModelTypes.restore(child, "model type " + parent.type() + ", part \"" + prefix + "\"");
    }

    /**
     * The snapshot of the child described by {@code entry}, its tensors those of the parent under the prefix,
     * without restoring it (for code that reads models as data, such as an export).
     */
    public static ModelSnapshot child(SnapshotReader parent, Json.JsonObject entry, String prefix) {
        return new ModelSnapshot(entry.getString("type"), entry.getObject("config"),
                new ArrayList<>(parent.tensorsUnder(prefix)), SignatureJson.decode(entry.getObject("signature")),
                entry.getArray("class_labels").toStringList(), Optional.empty());
    }
}
