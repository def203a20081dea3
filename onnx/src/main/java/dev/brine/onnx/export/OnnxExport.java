package dev.brine.onnx.export;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.io.AtomicFile;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.Signature;
import dev.brine.onnx.proto.OnnxDataType;

import java.nio.file.Path;
import java.util.List;

/**
 * Exports Brine models to ONNX (IR 8, opsets ai.onnx 17 and ai.onnx.ml 3): linear and logistic regression, decision
 * trees, random forests, extra trees and gradient boosting, tabular networks ({@code mlp_regressor},
 * {@code mlp_classifier}: what {@code brine train --model mlp} writes), standard and min-max scalers, simple imputers,
 * PCA, one-hot encoders of numeric columns, passthrough, column transformers and pipelines of those, and
 * {@code Sequential} networks. The export reads the model's snapshot, the same contract a {@code .brine} file keeps.
 * Tabular models take a DOUBLE {@code input (N, features)}; regressors output {@code prediction}, classifiers
 * {@code label} (STRING) and {@code probabilities} (FLOAT, one column per class) as sklearn-onnx does, transformers
 * {@code features}; networks take and return FLOAT {@code input}/{@code output} of
 * the network's signature shapes (e.g. {@code (N, 3, 224, 224)} in, {@code (N, 1000)} out for a ResNet). A model the graph could not
 * reproduce is refused with an {@link UnsupportedModelException} naming the pipeline step or column-transformer part:
 * notably a one-hot encoder of text columns (what {@code brine train} puts in front of a model for a table with
 * text), since the graph's one input is DOUBLE.
 *
 * <pre>{@code
 * OnnxExport.write(model, Path.of("model.onnx"));   // brine convert model.brine model.onnx
 * }</pre>
 */
public final class OnnxExport {
    private static final String EXPORTED = "Exported: linear and logistic regression, trees, forests, gradient"
            + " boosting, mlp_regressor and mlp_classifier, standard and min-max scalers, simple_imputer, pca,"
            + " one_hot_encoder of numeric columns, column transformers and pipelines of those, and Sequential"
            + " networks.";

    private OnnxExport() {
    }

    public static void write(Model model, Path target) {
        AtomicFile.write(target, toBytes(model));
    }

    public static byte[] toBytes(Model model) {
        ModelSnapshot snapshot = model.snapshot();
        GraphBuilder graph = new GraphBuilder();
        boolean network = snapshot.type().equals("sequential");
        Exported exported;
        boolean sizeFree = false;
        if (network) {
            NetworkExport.Network exportedNetwork = NetworkExport.network(snapshot, "input", graph);
            sizeFree = exportedNetwork.spatialSizeFree();
            exported = exportedNetwork.prediction();
            long[] dims = snapshot.signature().inputs().getFirst().shape();
            graph.input("input", OnnxDataType.FLOAT, dims, spatialSymbols(dims, sizeFree, ""));
        } else {
            graph.input("input", OnnxDataType.DOUBLE, -1, features(snapshot.signature()));
            exported = export(snapshot, "input", graph);
        }
        switch (exported) {
            case Exported.Features result -> output(graph, result.value(), "features", OnnxDataType.DOUBLE,
                    -1, result.width());
            case Exported.Prediction result when network -> {
                long[] dims = snapshot.signature().outputs().getFirst().shape();
                graph.node("Identity", "", List.of(result.value()), List.of("output"));
                graph.output("output", result.elemType(), dims, spatialSymbols(dims, sizeFree, "output_"));
            }
            case Exported.Prediction result -> output(graph, result.value(), "prediction", result.elemType(),
                    result.outputs() > 1 ? new long[] {-1, result.outputs()} : new long[] {-1});
            case Exported.Classes result -> {
                output(graph, result.label(), "label", OnnxDataType.STRING, -1);
                output(graph, result.probabilities(), "probabilities", OnnxDataType.FLOAT, -1,
                        result.labels().size());
            }
        }
        return graph.build(snapshot.type());
    }

    /**
     * Symbolic names for the axes after batch and channels of a network's input or output, when the network takes any
     * spatial size (as Brine's network does: a ResNet exported from a 224×224 signature also runs on 64×64 images).
     */
    private static String[] spatialSymbols(long[] dims, boolean sizeFree, String prefix) {
        String[] symbols = new String[dims.length];
        if (sizeFree) {
            for (int axis = 2; axis < dims.length; axis++) symbols[axis] = prefix + "size" + (axis - 1);
        }
        return symbols;
    }

    private static void output(GraphBuilder graph, String value, String name, int elemType, long... dims) {
        graph.node("Identity", "", List.of(value), List.of(name));
        graph.output(name, elemType, dims);
    }

    /** Adds one model (or pipeline step) reading {@code input}. */
    static Exported export(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        return switch (snapshot.type()) {
            case "linear_regression", "ridge", "lasso", "elastic_net" -> LinearExport.regressor(snapshot, input, graph);
            case "logistic_regression" -> LinearExport.classifier(snapshot, input, graph);
            case "decision_tree_regressor", "random_forest_regressor", "extra_trees_regressor" ->
                    TreeExport.forestRegressor(snapshot, input, graph);
            case "decision_tree_classifier", "random_forest_classifier", "extra_trees_classifier" ->
                    TreeExport.forestClassifier(snapshot, input, graph);
            case "gradient_boosting_regressor" -> TreeExport.boostingRegressor(snapshot, input, graph);
            case "gradient_boosting_classifier" -> TreeExport.boostingClassifier(snapshot, input, graph);
            case "standard_scaler" -> ScalerExport.standard(snapshot, input, graph);
            case "min_max_scaler" -> ScalerExport.minMax(snapshot, input, graph);
            case "simple_imputer" -> PreprocessingExport.imputer(snapshot, input, graph);
            case "pca" -> PreprocessingExport.pca(snapshot, input, graph);
            case "one_hot_encoder" -> PreprocessingExport.oneHot(snapshot, input, graph);
            case "passthrough" -> PreprocessingExport.passthrough(snapshot, input, graph);
            case "pipeline" -> CompositeExport.pipeline(snapshot, input, graph);
            case "column_transformer" -> CompositeExport.columnTransformer(snapshot, input, graph);
            case "mlp_regressor" -> TabularNetworkExport.regressor(snapshot, input, graph);
            case "mlp_classifier" -> TabularNetworkExport.classifier(snapshot, input, graph);
            case "sequential" -> NetworkExport.network(snapshot, input, graph).prediction();
            default -> throw new UnsupportedModelException("model type \"" + snapshot.type() + "\" has no ONNX"
                    + " export yet. " + EXPORTED);
        };
    }

    private static long features(Signature signature) {
        if (signature.inputs().size() != 1 || signature.inputs().getFirst().shape().length != 2) {
            throw new UnsupportedModelException("ONNX export needs a model with one (rows, features) input; this"
                    + " one takes " + signature.inputs() + ".");
        }
        return signature.inputs().getFirst().shape()[1];
    }
}
