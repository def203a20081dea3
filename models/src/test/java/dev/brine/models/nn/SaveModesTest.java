package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.SaveMode;
import dev.brine.models.testing.NetworkData;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full, weights-only and architecture-only saves, and strict / non-strict state-dict loading with its report. */
class SaveModesTest {

    private static final NetworkData.Classification IRIS = NetworkData.iris();
    private static final Tensor INPUT = Tensor.of(IRIS.x().data(), IRIS.x().rows(), 4);

    private static Sequential trained() {
        Trainer trainer = Trainer.start(NetworkData.network(21), NetworkData.adamSettings());
        trainer.trainUntil(IRIS.x(), IRIS.y(), 2);
        return trainer.checkpoint();
    }

    @Test
    void fullSaveKeepsTrainingState() {
        Sequential loaded = (Sequential) RoundTrip.throughFile(SaveMode.FULL.select(trained()));
        assertTrue(loaded.checkpoint().isPresent());
        assertEquals(2, loaded.checkpoint().get().state().epoch());
    }

    @Test
    void weightsOnlyPlusArchitectureOnlyRebuildTheNetwork() {
        Sequential network = trained();
        Model weights = RoundTrip.throughFile(SaveMode.WEIGHTS.select(network));
        StateDict stateDict = assertInstanceOf(StateDict.class, weights);
        assertTrue(stateDict.tensors().stream().allMatch(t -> t.role() == TensorRole.PARAMETER
                || t.role() == TensorRole.BUFFER), "a state dict holds weights and buffers only");
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "4.weight", "4.bias"), stateDict.tensors().stream().map(NamedTensor::name).toList());

        Architecture architecture = assertInstanceOf(Architecture.class,
                RoundTrip.throughFile(SaveMode.ARCHITECTURE.select(network)));
        assertThrows(UnsupportedModelException.class, () -> architecture.predict(INPUT));
        Sequential rebuilt = architecture.withWeights(stateDict.tensors(), true);
        RoundTrip.assertBitEqual(network.predict(INPUT), rebuilt.predict(INPUT));
    }

    @Test
    void strictLoadingListsEveryProblemAndLoadsNothing() {
        Sequential target = NetworkData.network(1);
        List<NamedTensor> broken = brokenStateDict(trained());
        float[] before = target.stateDict().get(2).tensor().toFloatArray();
        IncompatibleModelException error = assertThrows(IncompatibleModelException.class,
                () -> target.loadStateDict(broken, true));
        assertTrue(error.getMessage().contains("4.bias"), error.getMessage());
        assertTrue(error.getMessage().contains("extra.weight"), error.getMessage());
        assertTrue(error.getMessage().contains("0.weight: F32 (4, 16)"), error.getMessage());
        assertEquals(6, error.exitCode());
        assertTrue(java.util.Arrays.equals(before, target.stateDict().get(2).tensor().toFloatArray()),
                "a refused strict load changes nothing");
    }

    @Test
    void nonStrictLoadingTakesWhatFitsAndReports() {
        Sequential source = trained();
        Sequential target = NetworkData.network(1);
        LoadReport report = target.loadStateDict(brokenStateDict(source), false);
        assertEquals(List.of("4.bias"), report.missingKeys());
        assertEquals(List.of("extra.weight"), report.unexpectedKeys());
        assertEquals(1, report.mismatches().size());
        assertTrue(source.stateDict().get(1).tensor().contentEquals(target.stateDict().get(1).tensor()),
                "0.bias fits and is loaded");
    }

    /** A tabular mlp: architecture (task, labels, feature names) + state dict (weights, scaling) give it back. */
    @Test
    void tabularNetworkSavesAsArchitecturePlusWeights() {
        dev.brine.models.data.Matrix x = dev.brine.models.testing.Datasets.x("iris");
        TabularNetwork model = new MlpSpec(new int[] {8}, Activation.Kind.TANH, 0,
                dev.brine.core.json.Json.object().put("type", "adam").put("lr", 0.01).build(), 16, 3, 3)
                .fit(x, new dev.brine.models.tabular.Target.Classes(dev.brine.models.testing.Datasets.labels("iris")),
                        List.of("sl", "sw", "pl", "pw"));
        StateDict weights = assertInstanceOf(StateDict.class, RoundTrip.throughFile(SaveMode.WEIGHTS.select(model)));
        TabularArchitecture architecture = assertInstanceOf(TabularArchitecture.class,
                RoundTrip.throughFile(SaveMode.ARCHITECTURE.select(model)));
        assertTrue(architecture.snapshot().tensors().isEmpty());
        assertThrows(UnsupportedModelException.class, () -> architecture.predict(x.toTensor()));

        TabularNetwork rebuilt = architecture.withWeights(weights.tensors(), true);
        assertEquals(model.type(), rebuilt.type());
        assertEquals(List.of("sl", "sw", "pl", "pw"), rebuilt.featureNames());
        assertEquals(((TabularNetwork.Classifier) model).classLabels(),
                ((TabularNetwork.Classifier) rebuilt).classLabels());
        RoundTrip.assertBitEqual(((TabularNetwork.Classifier) model).predictProba(x.toTensor()),
                ((TabularNetwork.Classifier) rebuilt).predictProba(x.toTensor()));

        List<NamedTensor> withoutScale = weights.tensors().stream().filter(t -> !t.name().equals("input_scale"))
                .toList();
        IncompatibleModelException strict = assertThrows(IncompatibleModelException.class,
                () -> architecture.withWeights(withoutScale, true));
        assertTrue(strict.getMessage().contains("missing keys [input_scale]"), strict.getMessage());
        architecture.withWeights(withoutScale, false).predict(x.toTensor());
    }

    @Test
    void architectureOnlyIsForNetworks() {
        assertThrows(UnsupportedModelException.class, () -> SaveMode.ARCHITECTURE.select(new StateDict(List.of())));
    }

    @Test
    void initializedArchitectureIsReproducible() {
        Architecture architecture = Architecture.of(NetworkData.network(0));
        RoundTrip.assertBitEqual(architecture.initialize(5).predict(INPUT), architecture.initialize(5).predict(INPUT));
    }

    /** The network's state dict without 4.bias, with an extra key, and 0.weight transposed to the wrong shape. */
    private static List<NamedTensor> brokenStateDict(Sequential network) {
        List<NamedTensor> out = new ArrayList<>();
        for (NamedTensor tensor : network.stateDict()) {
            switch (tensor.name()) {
                case "4.bias" -> { }
                case "0.weight" -> out.add(new NamedTensor("0.weight", tensor.tensor().reshape(4, 16), tensor.role()));
                default -> out.add(tensor);
            }
        }
        out.add(new NamedTensor("extra.weight", Tensor.of(new float[] {1f}), TensorRole.PARAMETER));
        return out;
    }
}
