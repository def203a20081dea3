package dev.brine.onnx.export;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.preprocessing.Categories;
import dev.brine.onnx.proto.OnnxDataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Imputation, PCA, one-hot encoding of numbers and passthrough as double-precision standard ops, computing what
 * brine-models computes. The exported graph has one DOUBLE input, so a one-hot encoder of text columns is refused.
 */
final class PreprocessingExport {

    private PreprocessingExport() {
    }

    /** SimpleImputer: {@code Where(IsNaN(x), statistics, x)}; every strategy is a per-column statistic by then. */
    static Exported imputer(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Tensor statistics = snapshot.tensor("statistics").tensor().to(DType.F64);
        String missing = graph.op("IsNaN", List.of(input));
        return new Exported.Features(graph.op("Where", List.of(missing, graph.constant("statistics", statistics),
                input)), statistics.numElements());
    }

    /** PCA: {@code (x - mean) · componentsᵀ} (brine-models' PCA does not whiten). */
    static Exported pca(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Tensor components = snapshot.tensor("components").tensor();
        int keep = (int) components.shape().dim(0);
        int features = (int) components.shape().dim(1);
        String centred = graph.op("Sub", List.of(input, graph.constant("mean",
                snapshot.tensor("mean").tensor().to(DType.F64))));
        String projection = graph.constant("components_t", LinearExport.transpose(components.toDoubleArray(), keep,
                features));
        return new Exported.Features(graph.op("MatMul", List.of(centred, projection)), keep);
    }

    /**
     * OneHotEncoder over numeric columns: per column, {@code Equal} of the column against its sorted categories, cast
     * to 0/1. A missing or unseen value matches no category and encodes as zeros, which is what brine-models does with
     * {@code handle_unknown="ignore"}; with {@code "error"} brine-models refuses such a row, a graph cannot, so it
     * gets zeros too.
     */
    static Exported oneHot(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        List<Json> columns = snapshot.config().getArray("categories").items();
        List<String> names = snapshot.signature().featureNames();
        List<String> textColumns = new ArrayList<>();
        List<String> indicators = new ArrayList<>();
        long width = 0;
        for (int j = 0; j < columns.size(); j++) {
            switch (Categories.fromJson((Json.JsonObject) columns.get(j))) {
                case Categories.Texts texts -> textColumns.add(j < names.size() ? names.get(j) : "#" + j);
                case Categories.Numbers numbers -> {
                    String column = graph.op("Gather", List.of(input, graph.constant("column",
                            Tensor.of(new long[] {j}))), GraphBuilder.Attribute.of("axis", 1L));
                    indicators.add(graph.op("Equal", List.of(column, graph.constant("categories",
                            Tensor.of(numbers.values())))));
                    width += numbers.size();
                }
            }
        }
        if (!textColumns.isEmpty()) {
            throw new UnsupportedModelException("one_hot_encoder encodes text columns " + textColumns + "; the ONNX"
                    + " export takes one DOUBLE (N, features) input, so it exports one-hot encoding of numeric"
                    + " columns only. Encode text columns as numbers before training to export the model, or serve"
                    + " it with Brine.");
        }
        String joined = indicators.size() == 1 ? indicators.getFirst()
                : graph.op("Concat", indicators, GraphBuilder.Attribute.of("axis", 1L));
        return new Exported.Features(graph.op("Cast", List.of(joined), GraphBuilder.Attribute.of("to",
                (long) OnnxDataType.DOUBLE)), width);
    }

    /** Passthrough: the input as it is. */
    static Exported passthrough(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        return new Exported.Features(input, snapshot.signature().inputs().getFirst().shape()[1]);
    }
}
