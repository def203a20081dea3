package dev.brine.onnx.export;

import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.Signature;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.onnx.proto.OnnxDataType;

import java.util.List;
import java.util.Optional;

/**
 * brine-models' {@code mlp_regressor} / {@code mlp_classifier} (TabularNetwork) with its arithmetic: the DOUBLE input
 * standardised in double ({@code (x - input_mean) / input_scale}) and cast to FLOAT, the float32 network
 * ({@link NetworkExport}, tensors {@code 0.weight} …), then a regressor's one output cast back to DOUBLE and
 * unscaled ({@code · target_scale + target_mean}), a classifier's logits through softmax. The label is the
 * {@code ArgMax} of the logits: brine-models takes it from double-precision probabilities of the same logits, an
 * order a float softmax could blur into ties.
 */
final class TabularNetworkExport {

    private TabularNetworkExport() {
    }

    static Exported regressor(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        String output = network(snapshot, input, graph);
        String flat = graph.op("Reshape", List.of(output, graph.constant("flat_shape", Tensor.of(new long[] {-1}))));
        String widened = graph.op("Cast", List.of(flat), GraphBuilder.Attribute.of("to", (long) OnnxDataType.DOUBLE));
        String scaled = graph.op("Mul", List.of(widened, graph.constant("target_scale",
                snapshot.tensor("target_scale").tensor().to(DType.F64))));
        return new Exported.Prediction(graph.op("Add", List.of(scaled, graph.constant("target_mean",
                snapshot.tensor("target_mean").tensor().to(DType.F64)))), OnnxDataType.DOUBLE, 1);
    }

    static Exported classifier(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        String logits = network(snapshot, input, graph);
        String probabilities = graph.op("Softmax", List.of(logits), GraphBuilder.Attribute.of("axis", 1L));
        return ClassLabels.classes(probabilities, logits, snapshot.classLabels(), graph);
    }

    /** The standardised, float32 input through the network; returns its FLOAT {@code (N, outputs)} value. */
    private static String network(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        String centred = graph.op("Sub", List.of(input, graph.constant("input_mean",
                snapshot.tensor("input_mean").tensor().to(DType.F64))));
        String standardised = graph.op("Div", List.of(centred, graph.constant("input_scale",
                snapshot.tensor("input_scale").tensor().to(DType.F64))));
        String narrowed = graph.op("Cast", List.of(standardised), GraphBuilder.Attribute.of("to",
                (long) OnnxDataType.FLOAT));
        ModelSnapshot network = new ModelSnapshot("sequential", snapshot.config().getObject("network"),
                snapshot.tensors(), Signature.UNKNOWN, List.of(), Optional.empty());
        return NetworkExport.network(network, narrowed, graph).prediction().value();
    }
}
