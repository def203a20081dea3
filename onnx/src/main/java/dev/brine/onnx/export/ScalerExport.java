package dev.brine.onnx.export;

import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.util.List;

/** Scalers as double-precision element-wise ops, computing exactly what brine-models computes. */
final class ScalerExport {

    private ScalerExport() {
    }

    /** StandardScaler: {@code (x - mean) / scale}. */
    static Exported standard(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Tensor mean = snapshot.tensor("mean").tensor().to(DType.F64);
        String centred = graph.op("Sub", List.of(input, graph.constant("mean", mean)));
        String scaled = graph.op("Div", List.of(centred, graph.constant("scale",
                snapshot.tensor("scale").tensor().to(DType.F64))));
        return new Exported.Features(scaled, mean.numElements());
    }

    /**
     * MinMaxScaler: {@code x · scale + min} with {@code scale = (high - low) / (max - min)} (1 for a constant
     * column) and {@code min = low - data_min · scale}, as brine-models (and scikit-learn) derive them.
     */
    static Exported minMax(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        double[] dataMin = snapshot.tensor("data_min").tensor().toDoubleArray();
        double[] dataMax = snapshot.tensor("data_max").tensor().toDoubleArray();
        double[] range = snapshot.config().getArray("feature_range").toDoubleArray();
        double low = range[0];
        double high = range[1];
        double[] scale = new double[dataMin.length];
        double[] min = new double[dataMin.length];
        for (int c = 0; c < dataMin.length; c++) {
            double spread = dataMax[c] - dataMin[c];
            scale[c] = (high - low) / (spread == 0 ? 1.0 : spread);
            min[c] = low - dataMin[c] * scale[c];
        }
        String scaled = graph.op("Mul", List.of(input, graph.constant("scale", Tensor.of(scale))));
        return new Exported.Features(graph.op("Add", List.of(scaled, graph.constant("min", Tensor.of(min)))),
                scale.length);
    }
}
