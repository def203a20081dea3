package dev.brine.onnx.export;

import dev.brine.core.json.Json;

import java.util.List;

/**
 * The outputs of a Brine classifier exported with standard ops: probabilities, the label of the most probable class
 * ({@code ArgMax}, first maximum as in brine-models, then {@code Gather} from a STRING constant: unlike
 * ai.onnx.ml's ArrayFeatureExtractor, onnx's strict shape inference types its output), and the labels in the model's
 * {@code metadata_props} under {@value #METADATA_KEY}, where readers without the ai.onnx.ml classifier attributes
 * find them.
 */
public final class ClassLabels {
    public static final String METADATA_KEY = "brine.class_labels";

    private ClassLabels() {
    }

    static Exported classes(String probabilities, List<String> labels, GraphBuilder graph) {
        return classes(probabilities, probabilities, labels, graph);
    }

    /** As above, the label picked by the {@code ArgMax} of {@code scores}, which rank the classes as probabilities do. */
    static Exported classes(String probabilities, String scores, List<String> labels, GraphBuilder graph) {
        String index = graph.op("ArgMax", List.of(scores), GraphBuilder.Attribute.of("axis", 1L),
                GraphBuilder.Attribute.of("keepdims", 0L));
        String label = graph.op("Gather", List.of(graph.strings("class_labels", labels), index),
                GraphBuilder.Attribute.of("axis", 0L));
        graph.metadata(METADATA_KEY, Json.arrayOfStrings(labels).toString());
        return new Exported.Classes(label, probabilities, labels);
    }
}
