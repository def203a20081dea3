package dev.brine.onnx.export;

import dev.brine.core.json.Json;
import dev.brine.core.tensor.Tensor;

import java.util.List;

/**
 * The outputs of a Brine classifier exported with standard ops: probabilities, the label of the most probable class
 * ({@code ArgMax}, first maximum as in brine-models, then {@code ArrayFeatureExtractor} over a STRING constant), and
 * the labels in the model's {@code metadata_props} under {@value #METADATA_KEY}, where readers without the
 * ai.onnx.ml classifier attributes find them.
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
        String picked = graph.node("ArrayFeatureExtractor", GraphBuilder.ML,
                List.of(graph.strings("class_labels", labels), index), List.of(graph.fresh("picked_label")));
        String label = graph.op("Reshape", List.of(picked, graph.constant("label_shape", Tensor.of(new long[] {-1}))));
        graph.metadata(METADATA_KEY, Json.arrayOfStrings(labels).toString());
        return new Exported.Classes(label, probabilities, labels);
    }
}
