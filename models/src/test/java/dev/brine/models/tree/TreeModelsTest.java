package dev.brine.models.tree;

import dev.brine.core.CorruptModelException;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelTypes;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Target;
import dev.brine.models.testing.Datasets;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tree models: saved as tensors and restored bit-exactly, grown in stages, reproducible, refusing damaged trees. */
class TreeModelsTest {

    private static final Matrix IRIS = Datasets.x("iris");
    private static final Target IRIS_CLASSES = target("iris", true);
    private static final Matrix DIABETES = Datasets.x("diabetes");
    private static final Target DIABETES_VALUES = target("diabetes", false);

    @Test
    void everyTreeModelRestoresBitExactly() {
        List<TabularModel> models = List.of(
                ForestSpec.decisionTreeClassifier(0).fit(IRIS, IRIS_CLASSES, List.of()),
                ForestSpec.decisionTreeRegressor(0).fit(DIABETES, DIABETES_VALUES, List.of()),
                ForestSpec.randomForestClassifier(10, 0).fit(IRIS, IRIS_CLASSES, List.of()),
                ForestSpec.randomForestRegressor(10, 0).fit(DIABETES, DIABETES_VALUES, List.of()),
                ForestSpec.extraTreesClassifier(10, 0).fit(IRIS, IRIS_CLASSES, List.of()),
                ForestSpec.extraTreesRegressor(10, 0).fit(DIABETES, DIABETES_VALUES, List.of()),
                BoostingSpec.regressor(20, 0).fit(DIABETES, DIABETES_VALUES, List.of()),
                BoostingSpec.classifier(20, 0).fit(IRIS, IRIS_CLASSES, List.of()),
                BoostingSpec.classifier(20, 0).fit(Datasets.x("breast_cancer"), target("breast_cancer", true),
                        List.of()));
        for (TabularModel model : models) {
            Matrix input = model.featureCount() == 4 ? IRIS : model.featureCount() == 10 ? DIABETES
                    : Datasets.x("breast_cancer");
            RoundTrip.assertPredictsIdentically(model, input.toTensor());
        }
    }

    @Test
    void treesRespectDepthAndLeafSize() {
        Forest tree = ForestSpec.decisionTreeRegressor(0)
                .withTree(TreeParams.defaults(Criterion.SQUARED_ERROR).withMaxDepth(3).withMinSamplesLeaf(20))
                .fit(DIABETES, DIABETES_VALUES, List.of());
        Tree only = tree.trees().getFirst();
        assertTrue(only.depth() <= 3);
        int[] leafCounts = new int[only.nodeCount()];
        for (int r = 0; r < DIABETES.rows(); r++) leafCounts[only.leaf(DIABETES.values(), r * DIABETES.cols())]++;
        for (int node = 0; node < only.nodeCount(); node++) {
            if (only.left()[node] == Tree.LEAF) assertTrue(leafCounts[node] >= 20, "leaf " + node);
        }
    }

    @Test
    void unlimitedTreeFitsTrainingDataExactly() {
        Forest tree = ForestSpec.decisionTreeClassifier(0).fit(IRIS, IRIS_CLASSES, List.of());
        assertTrue(TreesMatchScikitLearnTest.score(tree, IRIS, IRIS_CLASSES) > 0.99);
    }

    @Test
    void forestGrownInStagesEqualsForestFittedAtOnce() {
        Forest atOnce = ForestSpec.randomForestClassifier(12, 42).fit(IRIS, IRIS_CLASSES, List.of());
        Forest first = ForestSpec.randomForestClassifier(5, 42).fit(IRIS, IRIS_CLASSES, List.of());
        // Save and restore between stages, as a user resuming from a file would.
        Forest resumed = (Forest) RoundTrip.throughFile(first);
        Forest staged = resumed.grow(7, IRIS, IRIS_CLASSES);
        assertSameTensors(atOnce.snapshot(), staged.snapshot());
    }

    @Test
    void boostingGrownInStagesEqualsBoostingFittedAtOnce() {
        BoostingSpec spec = BoostingSpec.classifier(15, 7).withSubsample(0.8);
        Boosting atOnce = spec.fit(IRIS, IRIS_CLASSES, List.of());
        Boosting first = BoostingSpec.classifier(6, 7).withSubsample(0.8).fit(IRIS, IRIS_CLASSES, List.of());
        Boosting staged = ((Boosting) RoundTrip.restore(first)).grow(9, IRIS, IRIS_CLASSES);
        assertSameTensors(atOnce.snapshot(), staged.snapshot());
    }

    @Test
    void sameSeedSameForestOtherSeedOtherForest() {
        ModelSnapshot a = ForestSpec.randomForestRegressor(8, 3).fit(DIABETES, DIABETES_VALUES, List.of()).snapshot();
        ModelSnapshot b = ForestSpec.randomForestRegressor(8, 3).fit(DIABETES, DIABETES_VALUES, List.of()).snapshot();
        ModelSnapshot c = ForestSpec.randomForestRegressor(8, 4).fit(DIABETES, DIABETES_VALUES, List.of()).snapshot();
        assertSameTensors(a, b);
        assertFalse(a.tensor("threshold").tensor().contentEquals(c.tensor("threshold").tensor()));
    }

    @Test
    void sameForestOnOneThreadOrMany() throws Exception {
        ForestSpec spec = ForestSpec.randomForestClassifier(16, 5);
        ModelSnapshot parallel = spec.fit(IRIS, IRIS_CLASSES, List.of()).snapshot();
        java.util.concurrent.ForkJoinPool single = new java.util.concurrent.ForkJoinPool(1);
        try {
            ModelSnapshot sequential = single.submit(() -> spec.fit(IRIS, IRIS_CLASSES, List.of()).snapshot()).get();
            assertSameTensors(parallel, sequential);
        } finally {
            single.shutdown();
        }
    }

    @Test
    void forestSavedWithoutTrainingStatePredictsButCannotGrow() {
        Forest forest = ForestSpec.randomForestClassifier(3, 0).fit(IRIS, IRIS_CLASSES, List.of());
        ModelSnapshot full = forest.snapshot();
        List<NamedTensor> weightsOnly = full.tensors().stream()
                .filter(t -> t.role() != TensorRole.TRAINING_STATE).toList();
        Forest restored = (Forest) ModelTypes.restore(withTensors(full, weightsOnly), "test");
        RoundTrip.assertBitEqual(forest.predict(IRIS.toTensor()), restored.predict(IRIS.toTensor()));
        assertThrows(IllegalStateException.class, () -> restored.grow(1, IRIS, IRIS_CLASSES));
    }

    @Test
    void forestsAndBoostingBuiltFromForeignTreesPredictTheSame() {
        Forest fitted = ForestSpec.randomForestClassifier(5, 1).fit(IRIS, IRIS_CLASSES, List.of());
        Forest rebuilt = Forest.fromTrees(fitted.spec(), fitted.trees(), List.of("setosa", "versicolor", "virginica"),
                4, List.of());
        RoundTrip.assertBitEqual(fitted.predict(IRIS.toTensor()), rebuilt.predict(IRIS.toTensor()));
        RoundTrip.assertPredictsIdentically(rebuilt, IRIS.toTensor());
        Boosting boosted = BoostingSpec.regressor(5, 1).fit(DIABETES, DIABETES_VALUES, List.of());
        ModelSnapshot snapshot = boosted.snapshot();
        Boosting foreign = Boosting.fromTrees(boosted.spec(), snapshot.tensor("init").tensor().toDoubleArray(),
                TreeEnsemble.restore(new dev.brine.models.snapshot.SnapshotReader(snapshot, snapshot.type()), 5, 10, 1),
                List.of(), 10, List.of());
        RoundTrip.assertBitEqual(boosted.predict(DIABETES.toTensor()), foreign.predict(DIABETES.toTensor()));
    }

    @Test
    void missingValueDirectionsRouteNaNAndSurviveRestoring() {
        Forest fitted = ForestSpec.decisionTreeClassifier(0).fit(IRIS, IRIS_CLASSES, List.of());
        ModelSnapshot snapshot = fitted.snapshot();
        assertFalse(snapshot.tensors().stream().anyMatch(t -> t.name().equals("missing_left")));
        Tensor nan = Tensor.of(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}, 1, 4);
        Tensor low = Tensor.of(new double[] {-1e300, -1e300, -1e300, -1e300}, 1, 4);
        Tensor high = Tensor.of(new double[] {1e300, 1e300, 1e300, 1e300}, 1, 4);
        RoundTrip.assertBitEqual(fitted.predict(high), fitted.predict(nan));
        boolean[] allLeft = new boolean[(int) snapshot.tensor("left").tensor().shape().dims()[0]];
        java.util.Arrays.fill(allLeft, true);
        List<NamedTensor> tensors = new ArrayList<>(snapshot.tensors());
        tensors.add(new NamedTensor("missing_left", Tensor.of(allLeft), TensorRole.PARAMETER));
        Forest routed = (Forest) ModelTypes.restore(withTensors(snapshot, tensors), "test");
        RoundTrip.assertBitEqual(routed.predict(low), routed.predict(nan));
        assertFalse(routed.predict(nan).contentEquals(fitted.predict(nan)));
        RoundTrip.assertBitEqual(fitted.predict(IRIS.toTensor()), routed.predict(IRIS.toTensor()));
        assertSameTensors(withTensors(snapshot, tensors), routed.snapshot());
        long[] two = new long[allLeft.length];
        two[0] = 2;
        tensors.set(tensors.size() - 1, new NamedTensor("missing_left", Tensor.of(two), TensorRole.PARAMETER));
        assertThrows(CorruptModelException.class, () -> ModelTypes.restore(withTensors(snapshot, tensors), "test"));
    }

    @Test
    void refusesATreeWhoseChildPointsBackwards() {
        ModelSnapshot snapshot = ForestSpec.decisionTreeClassifier(0).fit(IRIS, IRIS_CLASSES, List.of()).snapshot();
        int[] left = snapshot.tensor("left").tensor().toIntArray();
        left[0] = 0;
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> ModelTypes.restore(replace(snapshot, "left", Tensor.of(left)), "test"));
        assertTrue(error.getMessage().contains("node 0"), error.getMessage());
    }

    @Test
    void refusesATreeWhoseNodeHasTwoParents() {
        ModelSnapshot snapshot = ForestSpec.decisionTreeClassifier(0).fit(IRIS, IRIS_CLASSES, List.of()).snapshot();
        int[] right = snapshot.tensor("right").tensor().toIntArray();
        int[] left = snapshot.tensor("left").tensor().toIntArray();
        right[0] = left[0];
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> ModelTypes.restore(replace(snapshot, "right", Tensor.of(right)), "test"));
        assertTrue(error.getMessage().contains("node " + left[0] + " is a child of two nodes"), error.getMessage());
    }

    @Test
    void refusesASplitOnAMissingFeature() {
        ModelSnapshot snapshot = ForestSpec.decisionTreeClassifier(0).fit(IRIS, IRIS_CLASSES, List.of()).snapshot();
        int[] feature = snapshot.tensor("feature").tensor().toIntArray();
        feature[0] = 4;
        assertThrows(CorruptModelException.class,
                () -> ModelTypes.restore(replace(snapshot, "feature", Tensor.of(feature)), "test"));
    }

    private static void assertSameTensors(ModelSnapshot expected, ModelSnapshot actual) {
        assertEquals(expected.config(), actual.config());
        assertEquals(expected.tensors().size(), actual.tensors().size());
        for (NamedTensor tensor : expected.tensors()) {
            assertTrue(tensor.tensor().contentEquals(actual.tensor(tensor.name()).tensor()), tensor.name());
        }
    }

    private static ModelSnapshot replace(ModelSnapshot snapshot, String name, Tensor tensor) {
        List<NamedTensor> tensors = new ArrayList<>();
        for (NamedTensor t : snapshot.tensors()) {
            tensors.add(t.name().equals(name) ? new NamedTensor(name, tensor, t.role()) : t);
        }
        return withTensors(snapshot, tensors);
    }

    private static ModelSnapshot withTensors(ModelSnapshot snapshot, List<NamedTensor> tensors) {
        return new ModelSnapshot(snapshot.type(), snapshot.config(), tensors, snapshot.signature(),
                snapshot.classLabels(), snapshot.training());
    }

    private static Target target(String dataset, boolean classification) {
        Table table = Datasets.table(dataset);
        return Target.of(table.column(table.columnCount() - 1), classification);
    }
}
