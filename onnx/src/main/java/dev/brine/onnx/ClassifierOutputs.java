package dev.brine.onnx;

import dev.brine.onnx.proto.OnnxDataType;
import dev.brine.onnx.proto.OnnxGraph;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The outputs of a classifier as sklearn-onnx (and the ai.onnx.ml classifier operators) write them: first the
 * predicted labels (INT64 or STRING), then the probabilities, either a sequence of maps from {@code ZipMap} or a
 * {@code (N, classes)} tensor ({@code zipmap=False}). The class labels come from the graph's attributes.
 */
record ClassifierOutputs(String labelOutput, String probabilityOutput, List<String> labels) {

    /** Attributes that list class labels, on ZipMap and on the ai.onnx.ml classifier operators. */
    private static final List<String> LABEL_ATTRIBUTES =
            List.of("classlabels_strings", "classlabels_int64s", "classlabels_ints");

    static Optional<ClassifierOutputs> find(OnnxGraph graph) {
        if (graph.outputs().size() < 2) {
            return Optional.empty();
        }
        OnnxGraph.Value label = graph.outputs().get(0);
        OnnxGraph.Value probabilities = graph.outputs().get(1);
        boolean labelFits = label.type() instanceof OnnxGraph.TensorType tensor
                && (tensor.elemType() == OnnxDataType.INT64 || tensor.elemType() == OnnxDataType.STRING);
        boolean probabilitiesFit = switch (probabilities.type()) {
            case OnnxGraph.SequenceType sequence -> sequence.element() instanceof OnnxGraph.MapType;
            case OnnxGraph.TensorType tensor -> tensor.elemType() == OnnxDataType.FLOAT
                    || tensor.elemType() == OnnxDataType.DOUBLE;
            default -> false;
        };
        if (!labelFits || !probabilitiesFit) {
            return Optional.empty();
        }
        return labels(graph).map(labels -> new ClassifierOutputs(label.name(), probabilities.name(), labels));
    }

    /**
     * Labels from ZipMap if there is one (it names the probability columns), else from a classifier operator, else
     * from the metadata Brine's own exports write ({@link dev.brine.onnx.export.ClassLabels}).
     */
    private static Optional<List<String>> labels(OnnxGraph graph) {
        Optional<OnnxGraph.Node> zipMap = graph.firstNode("ai.onnx.ml", "ZipMap");
        List<OnnxGraph.Node> candidates = zipMap.map(List::of).orElse(graph.nodes());
        for (OnnxGraph.Node node : candidates) {
            for (String attribute : LABEL_ATTRIBUTES) {
                Optional<List<String>> labels = node.attribute(attribute).flatMap(ClassifierOutputs::asLabels);
                if (labels.isPresent()) {
                    return labels;
                }
            }
        }
        return Optional.ofNullable(graph.metadata().get(dev.brine.onnx.export.ClassLabels.METADATA_KEY))
                .flatMap(ClassifierOutputs::jsonLabels);
    }

    private static Optional<List<String>> jsonLabels(String text) {
        try {
            return Optional.of(((dev.brine.core.json.Json.JsonArray) dev.brine.core.json.JsonParser.parse(text))
                    .toStringList());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<List<String>> asLabels(OnnxGraph.Attribute attribute) {
        return switch (attribute) {
            case OnnxGraph.Strings strings when !strings.values().isEmpty() -> Optional.of(strings.values());
            case OnnxGraph.Ints ints when ints.values().length > 0 ->
                    Optional.of(Arrays.stream(ints.values()).mapToObj(Long::toString).toList());
            default -> Optional.empty();
        };
    }
}
