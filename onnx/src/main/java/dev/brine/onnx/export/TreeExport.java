package dev.brine.onnx.export;

import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.tensor.Tensor;
import dev.brine.onnx.proto.OnnxDataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Trees, forests and gradient boosting as {@code ai.onnx.ml.TreeEnsembleRegressor} (opset 3), one target per class
 * for classifiers. Splits keep brine-models' rule: {@code x <= threshold} goes left ({@code BRANCH_LEQ}), NaN right;
 * thresholds and weights travel as double tensors ({@code *_as_tensor}) so no split moves by float rounding. A
 * forest averages its trees (classifier leaves are weighted 1/trees); boosting sums learning-rate-scaled leaves onto
 * its initial scores, tree {@code t} feeding score {@code t mod scores}; a binary booster's one score {@code s}
 * becomes the pair {@code (-s/2, s/2)}, whose softmax is {@code (1 - sigmoid(s), sigmoid(s))}.
 */
final class TreeExport {

    private TreeExport() {
    }

    /** The flat tree arrays of a snapshot (brine-models' TreeEnsemble layout). */
    private record Trees(long[] offsets, int[] left, int[] right, int[] feature, double[] threshold, double[] value,
                         int width) {

        static Trees of(ModelSnapshot snapshot) {
            Tensor value = snapshot.tensor("value").tensor();
            return new Trees(snapshot.tensor("tree_offsets").tensor().toLongArray(),
                    snapshot.tensor("left").tensor().toIntArray(), snapshot.tensor("right").tensor().toIntArray(),
                    snapshot.tensor("feature").tensor().toIntArray(),
                    snapshot.tensor("threshold").tensor().toDoubleArray(), value.toDoubleArray(),
                    (int) value.shape().dim(1));
        }

        int count() {
            return offsets.length - 1;
        }

        boolean leaf(int node) {
            return left[node] < 0;
        }
    }

    /** One leaf contribution: tree, node, output (target or class) and weight. */
    private record Contribution(long tree, long node, long output, double weight) {
    }

    static Exported forestRegressor(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Trees trees = Trees.of(snapshot);
        List<Contribution> leaves = new ArrayList<>();
        forEachLeaf(trees, (tree, node, global) -> leaves.add(new Contribution(tree, node, 0, trees.value()[global])));
        return regressor(trees, leaves, "AVERAGE", new double[] {0}, input, graph);
    }

    static Exported boostingRegressor(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Trees trees = Trees.of(snapshot);
        double rate = snapshot.config().getObject("params").getDouble("learning_rate");
        List<Contribution> leaves = new ArrayList<>();
        forEachLeaf(trees, (tree, node, global) -> leaves.add(new Contribution(tree, node, 0,
                rate * trees.value()[global])));
        return regressor(trees, leaves, "SUM", snapshot.tensor("init").tensor().toDoubleArray(), input, graph);
    }

    static Exported forestClassifier(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Trees trees = Trees.of(snapshot);
        List<Contribution> leaves = new ArrayList<>();
        forEachLeaf(trees, (tree, node, global) -> {
            for (int k = 0; k < trees.width(); k++) {
                leaves.add(new Contribution(tree, node, k, trees.value()[global * trees.width() + k] / trees.count()));
            }
        });
        return classifier(trees, leaves, new double[trees.width()], "SUM", false, snapshot.classLabels(), input, graph);
    }

    static Exported boostingClassifier(ModelSnapshot snapshot, String input, GraphBuilder graph) {
        Trees trees = Trees.of(snapshot);
        double rate = snapshot.config().getObject("params").getDouble("learning_rate");
        double[] init = snapshot.tensor("init").tensor().toDoubleArray();
        boolean binary = init.length == 1;
        List<Contribution> leaves = new ArrayList<>();
        forEachLeaf(trees, (tree, node, global) -> {
            double weight = rate * trees.value()[global];
            if (binary) {
                leaves.add(new Contribution(tree, node, 0, -weight / 2));
                leaves.add(new Contribution(tree, node, 1, weight / 2));
            } else {
                leaves.add(new Contribution(tree, node, tree % init.length, weight));
            }
        });
        double[] base = binary ? new double[] {-init[0] / 2, init[0] / 2} : init;
        return classifier(trees, leaves, base, "SUM", true, snapshot.classLabels(), input, graph);
    }

    private interface LeafVisitor {
        void leaf(long tree, long node, int global);
    }

    private static void forEachLeaf(Trees trees, LeafVisitor visitor) {
        for (int t = 0; t < trees.count(); t++) {
            for (long global = trees.offsets()[t]; global < trees.offsets()[t + 1]; global++) {
                if (trees.leaf((int) global)) {
                    visitor.leaf(t, global - trees.offsets()[t], (int) global);
                }
            }
        }
    }

    private static Exported regressor(Trees trees, List<Contribution> leaves, String aggregate, double[] base,
                                      String input, GraphBuilder graph) {
        List<GraphBuilder.Attribute> attributes = nodeAttributes(trees);
        attributes.add(GraphBuilder.Attribute.ints("target_treeids", column(leaves, Contribution::tree)));
        attributes.add(GraphBuilder.Attribute.ints("target_nodeids", column(leaves, Contribution::node)));
        attributes.add(GraphBuilder.Attribute.ints("target_ids", column(leaves, Contribution::output)));
        attributes.add(GraphBuilder.Attribute.tensor("target_weights_as_tensor", weights(leaves)));
        attributes.add(GraphBuilder.Attribute.of("n_targets", 1L));
        attributes.add(GraphBuilder.Attribute.of("aggregate_function", aggregate));
        attributes.add(GraphBuilder.Attribute.tensor("base_values_as_tensor", Tensor.of(base)));
        String scores = graph.node("TreeEnsembleRegressor", GraphBuilder.ML, List.of(input),
                List.of(graph.fresh("tree_scores")), attributes.toArray(GraphBuilder.Attribute[]::new));
        String flat = graph.op("Reshape", List.of(scores, graph.constant("flat_shape", Tensor.of(new long[] {-1}))));
        return new Exported.Prediction(graph.op("Cast", List.of(flat), GraphBuilder.Attribute.of("to",
                (long) OnnxDataType.DOUBLE)), OnnxDataType.DOUBLE, 1);
    }

    /**
     * Class scores from a multi-target {@code TreeEnsembleRegressor}, then probabilities, {@code ArgMax} and the label
     * ({@link ClassLabels}). (ONNX Runtime's TreeEnsembleClassifier reads two-class weights with its own binary
     * conventions, so it cannot carry forests' per-class probabilities unchanged.)
     */
    private static Exported classifier(Trees trees, List<Contribution> leaves, double[] base, String aggregate,
                                       boolean softmax, List<String> labels, String input, GraphBuilder graph) {
        List<GraphBuilder.Attribute> attributes = nodeAttributes(trees);
        attributes.add(GraphBuilder.Attribute.ints("target_treeids", column(leaves, Contribution::tree)));
        attributes.add(GraphBuilder.Attribute.ints("target_nodeids", column(leaves, Contribution::node)));
        attributes.add(GraphBuilder.Attribute.ints("target_ids", column(leaves, Contribution::output)));
        attributes.add(GraphBuilder.Attribute.tensor("target_weights_as_tensor", weights(leaves)));
        attributes.add(GraphBuilder.Attribute.of("n_targets", (long) base.length));
        attributes.add(GraphBuilder.Attribute.of("aggregate_function", aggregate));
        attributes.add(GraphBuilder.Attribute.tensor("base_values_as_tensor", Tensor.of(base)));
        String scores = graph.node("TreeEnsembleRegressor", GraphBuilder.ML, List.of(input),
                List.of(graph.fresh("class_scores")), attributes.toArray(GraphBuilder.Attribute[]::new));
        String probabilities = softmax ? graph.op("Softmax", List.of(scores), GraphBuilder.Attribute.of("axis", 1L))
                : scores;
        return ClassLabels.classes(probabilities, labels, graph);
    }

    private static List<GraphBuilder.Attribute> nodeAttributes(Trees trees) {
        int total = trees.left().length;
        long[] treeIds = new long[total];
        long[] nodeIds = new long[total];
        long[] features = new long[total];
        long[] trueIds = new long[total];
        long[] falseIds = new long[total];
        double[] thresholds = new double[total];
        List<String> modes = new ArrayList<>(total);
        for (int t = 0; t < trees.count(); t++) {
            for (int global = (int) trees.offsets()[t]; global < trees.offsets()[t + 1]; global++) {
                boolean leaf = trees.leaf(global);
                treeIds[global] = t;
                nodeIds[global] = global - trees.offsets()[t];
                features[global] = leaf ? 0 : trees.feature()[global];
                trueIds[global] = leaf ? 0 : trees.left()[global];
                falseIds[global] = leaf ? 0 : trees.right()[global];
                thresholds[global] = leaf ? 0 : trees.threshold()[global];
                modes.add(leaf ? "LEAF" : "BRANCH_LEQ");
            }
        }
        List<GraphBuilder.Attribute> attributes = new ArrayList<>();
        attributes.add(GraphBuilder.Attribute.ints("nodes_treeids", treeIds));
        attributes.add(GraphBuilder.Attribute.ints("nodes_nodeids", nodeIds));
        attributes.add(GraphBuilder.Attribute.ints("nodes_featureids", features));
        attributes.add(GraphBuilder.Attribute.strings("nodes_modes", modes));
        attributes.add(GraphBuilder.Attribute.tensor("nodes_values_as_tensor", Tensor.of(thresholds)));
        attributes.add(GraphBuilder.Attribute.ints("nodes_truenodeids", trueIds));
        attributes.add(GraphBuilder.Attribute.ints("nodes_falsenodeids", falseIds));
        return attributes;
    }

    private static long[] column(List<Contribution> leaves, java.util.function.ToLongFunction<Contribution> field) {
        return leaves.stream().mapToLong(field).toArray();
    }

    private static Tensor weights(List<Contribution> leaves) {
        return Tensor.of(leaves.stream().mapToDouble(Contribution::weight).toArray());
    }
}
