package dev.brine.onnx.export;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.snapshot.NestedSnapshots;
import dev.brine.models.snapshot.SnapshotReader;

import java.util.ArrayList;
import java.util.List;

/**
 * Models made of models, as brine-models saves them (one snapshot; each child's type, configuration, signature and
 * labels in a configuration entry, its tensors under {@code <name>.}): pipelines, each step reading the previous
 * one's output, and column transformers, each part reading its columns ({@code Gather}) with the outputs side by side
 * ({@code Concat}). A child that cannot be exported names itself in the refusal, so the user sees which step fails.
 */
final class CompositeExport {

    private CompositeExport() {
    }

    static Exported pipeline(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        String current = input;
        Exported last = null;
        List<Json> steps = snapshot.config().getArray("steps").items();
        for (Json item : steps) {
            Json.JsonObject step = (Json.JsonObject) item;
            String name = step.getString("name");
            last = exportChild(child(snapshot, step.getObject("model"), name), current, graph,
                    "pipeline step \"" + name + "\"");
            if (last instanceof Exported.Features features) {
                current = features.value();
            } else if (item != steps.getLast()) {
                throw new UnsupportedModelException("pipeline step \"" + name + "\" is not a transformer but is not"
                        + " the last step.");
            }
        }
        return last;
    }

    /** Each part's columns picked by position among the transformer's fitted feature names. */
    static Exported columnTransformer(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        List<String> names = snapshot.signature().featureNames();
        List<String> outputs = new ArrayList<>();
        long width = 0;
        for (Json item : snapshot.config().getArray("parts").items()) {
            Json.JsonObject part = (Json.JsonObject) item;
            String name = part.getString("name");
            List<String> columns = part.getArray("columns").toStringList();
            long[] positions = new long[columns.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = names.indexOf(columns.get(i));
                if (positions[i] < 0) {
                    throw new UnsupportedModelException("column_transformer part \"" + name + "\" reads column \""
                            + columns.get(i) + "\", which is not among the transformer's inputs " + names + ".");
                }
            }
            String picked = graph.op("Gather", List.of(input, graph.constant(name + "_columns", Tensor.of(positions))),
                    GraphBuilder.Attribute.of("axis", 1L));
            String where = "column_transformer part \"" + name + "\"";
            if (!(exportChild(child(snapshot, part.getObject("model"), name), picked, graph, where)
                    instanceof Exported.Features features)) {
                throw new UnsupportedModelException(where + " is not a transformer.");
            }
            outputs.add(features.value());
            width += features.width();
        }
        String joined = outputs.size() == 1 ? outputs.getFirst()
                : graph.op("Concat", outputs, GraphBuilder.Attribute.of("axis", 1L));
        return new Exported.Features(joined, width);
    }

    /** Exports a child; a refusal is repeated with where the child sits. */
    private static Exported exportChild(ModelSnapshot child, String input, GraphBuilder graph, String where) {
        try {
            return OnnxExport.export(child, input, graph);
        } catch (UnsupportedModelException e) {
            throw new UnsupportedModelException(where + ": " + e.getMessage(), e);
        }
    }

    /** The child described by {@code entry}, with the parent's tensors under {@code <name>.} as its own. */
    private static ModelSnapshot child(ModelSnapshot parent, Json.JsonObject entry, String name) {
        return NestedSnapshots.child(new SnapshotReader(parent, parent.type()), entry, name);
    }
}
