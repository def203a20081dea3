package dev.brine.onnx.export;

import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.tensor.Tensor;
import dev.brine.onnx.proto.OnnxDataType;

import java.util.List;

/**
 * Linear models. A regressor is standard double-precision ops ({@code MatMul} then {@code Add}), so ONNX Runtime
 * reproduces Brine's arithmetic; logistic regression is {@code ai.onnx.ml.LinearClassifier} with softmax, which
 * carries the class labels. A binary model's one score row {@code w} becomes rows {@code -w/2} and {@code w/2}:
 * their softmax is exactly {@code (1 - sigmoid(w·x), sigmoid(w·x))}.
 */
final class LinearExport {

    private LinearExport() {
    }

    static Exported regressor(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Tensor coef = snapshot.tensor("coef").tensor();
        int outputs = (int) coef.shape().dim(0);
        int features = (int) coef.shape().dim(1);
        String weights = graph.constant("coef_t", transpose(coef.toDoubleArray(), outputs, features));
        String intercept = graph.constant("intercept", snapshot.tensor("intercept").tensor().to(
                dev.brine.core.tensor.DType.F64));
        String sum = graph.op("Add", List.of(graph.op("MatMul", List.of(input, weights)), intercept));
        if (outputs == 1) {
            String flat = graph.constant("flat_shape", Tensor.of(new long[] {-1}));
            return new Exported.Prediction(graph.op("Reshape", List.of(sum, flat)), OnnxDataType.DOUBLE, 1);
        }
        return new Exported.Prediction(sum, OnnxDataType.DOUBLE, outputs);
    }

    static Exported classifier(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        double[] coef = snapshot.tensor("coef").tensor().toDoubleArray();
        double[] intercept = snapshot.tensor("intercept").tensor().toDoubleArray();
        List<String> labels = snapshot.classLabels();
        boolean binary = intercept.length == 1;
        int rows = binary ? 2 : intercept.length;
        int features = coef.length / intercept.length;
        float[] coefficients = new float[rows * features];
        float[] intercepts = new float[rows];
        for (int k = 0; k < rows; k++) {
            int source = binary ? 0 : k;
            double sign = binary ? (k == 0 ? -0.5 : 0.5) : 1;
            for (int f = 0; f < features; f++) {
                coefficients[k * features + f] = (float) (sign * coef[source * features + f]);
            }
            intercepts[k] = (float) (sign * intercept[source]);
        }
        String label = graph.fresh("label_out");
        String scores = graph.fresh("scores_out");
        graph.node("LinearClassifier", GraphBuilder.ML, List.of(input), List.of(label, scores),
                GraphBuilder.Attribute.floats("coefficients", coefficients),
                GraphBuilder.Attribute.floats("intercepts", intercepts),
                GraphBuilder.Attribute.strings("classlabels_strings", labels),
                GraphBuilder.Attribute.of("post_transform", "SOFTMAX"),
                GraphBuilder.Attribute.of("multi_class", 1L));
        return new Exported.Classes(label, scores, labels);
    }

    static Tensor transpose(double[] values, int rows, int cols) {
        double[] out = new double[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return Tensor.of(out, cols, rows);
    }
}
