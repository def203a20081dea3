package dev.brine.models.nn;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TrainingState;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.testing.NetworkData;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training runs stop and continue exactly: checkpoints hold the whole state, and resuming gives the same bits. */
class TrainerTest {

    private static final NetworkData.Classification IRIS = NetworkData.iris();

    @Test
    void sgdResumedFromAFileEqualsAnUninterruptedRun() {
        assertResumeMatches(NetworkData.sgdSettings(), 6, 2);
    }

    @Test
    void adamWithScheduleDropoutAndBatchNormResumedFromAFileEqualsAnUninterruptedRun() {
        assertResumeMatches(NetworkData.adamSettings(), 5, 3);
    }

    @Test
    void resumingFromInsideAnEpochEqualsAnUninterruptedRun() {
        TrainingSettings settings = NetworkData.adamSettings();
        Trainer straight = Trainer.start(NetworkData.network(7), settings);
        straight.trainUntil(IRIS.x(), IRIS.y(), 3);
        Trainer first = Trainer.start(NetworkData.network(7), settings);
        first.trainBatches(IRIS.x(), IRIS.y(), 13);
        assertTrue(first.position() > 0, "13 batches of 16 should stop inside an epoch of 150 rows");
        Trainer resumed = Trainer.resume((Sequential) RoundTrip.throughFile(first.checkpoint()));
        resumed.trainUntil(IRIS.x(), IRIS.y(), 3);
        assertSameState(straight.checkpoint().snapshot(), resumed.checkpoint().snapshot());
    }

    /** A checkpoint whose optimizer settings are malformed is a corrupt file, named as such, not a crash. */
    @Test
    void malformedOptimizerSettingsAreACorruptCheckpoint() {
        Trainer trainer = Trainer.start(NetworkData.network(2), NetworkData.adamSettings());
        trainer.trainUntil(IRIS.x(), IRIS.y(), 1);
        Sequential checkpoint = trainer.checkpoint();
        for (Json betas : List.<Json>of(Json.array(List.of(Json.of("x"), Json.of(0.9))),
                Json.array(List.of(Json.of(0.9))))) {
            Sequential.Checkpoint state = checkpoint.checkpoint().orElseThrow();
            Json.ObjectBuilder details = Json.object();
            state.state().details().members().forEach((key, value) -> details.put(key, !key.equals("optimizer")
                    ? value : withBetas((Json.JsonObject) value, betas)));
            Sequential broken = checkpoint.withCheckpoint(new Sequential.Checkpoint(state.tensors(),
                    new TrainingState(state.state().epoch(), state.state().step(),
                            state.state().dataPosition(), state.state().metricsHistory(), details.build())));
            CorruptModelException error = assertThrows(CorruptModelException.class, () -> Trainer.resume(broken));
            assertTrue(error.getMessage().contains("training state is malformed"), error.getMessage());
        }
    }

    private static Json.JsonObject withBetas(Json.JsonObject optimizer, Json betas) {
        Json.ObjectBuilder out = Json.object();
        optimizer.members().forEach((key, value) -> out.put(key, key.equals("betas") ? betas : value));
        if (!optimizer.has("betas")) out.put("betas", betas);
        return out.build();
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        TrainingSettings settings = NetworkData.adamSettings();
        Trainer a = Trainer.start(NetworkData.network(1), settings);
        Trainer b = Trainer.start(NetworkData.network(1), settings);
        a.trainUntil(IRIS.x(), IRIS.y(), 2);
        b.trainUntil(IRIS.x(), IRIS.y(), 2);
        assertSameState(a.checkpoint().snapshot(), b.checkpoint().snapshot());
        Trainer c = Trainer.start(NetworkData.network(1), new TrainingSettings(settings.loss(), settings.optimizer(),
                settings.schedule(), settings.batchSize(), true, settings.seed() + 1));
        c.trainUntil(IRIS.x(), IRIS.y(), 2);
        assertFalse(a.model().stateDict().getFirst().tensor().contentEquals(c.model().stateDict().getFirst().tensor()));
    }

    @Test
    void checkpointRecordsCountersHistoryAndRoles() {
        Trainer trainer = Trainer.start(NetworkData.network(2), NetworkData.adamSettings());
        trainer.trainUntil(IRIS.x(), IRIS.y(), 2);
        ModelSnapshot snapshot = trainer.checkpoint().snapshot();
        var state = snapshot.training().orElseThrow();
        assertEquals(2, state.epoch());
        assertEquals(2 * 10, state.step(), "150 rows in batches of 16 make 10 steps an epoch");
        assertEquals(2, state.metricsHistory().size());
        assertTrue(snapshot.tensor("optimizer.state.0.exp_avg").role() == TensorRole.OPTIMIZER_STATE);
        assertTrue(snapshot.tensor("rng_state").role() == TensorRole.TRAINING_STATE);
        assertTrue(snapshot.tensor("1.running_mean").role() == TensorRole.BUFFER);
        double first = state.metricsHistory().get(0).getDouble("loss");
        double second = state.metricsHistory().get(1).getDouble("loss");
        assertTrue(second < first, "the loss should fall: " + first + " then " + second);
    }

    @Test
    void trainingLearnsIris() {
        Trainer trainer = Trainer.start(NetworkData.network(3), NetworkData.adamSettings());
        trainer.trainUntil(IRIS.x(), IRIS.y(), 30);
        Tensor output = trainer.model().predict(Tensor.of(IRIS.x().data(), IRIS.x().rows(), 4));
        int correct = 0;
        for (int r = 0; r < IRIS.x().rows(); r++) {
            int best = 0;
            for (int k = 1; k < 3; k++) if (output.getFloat(r * 3L + k) > output.getFloat(r * 3L + best)) best = k;
            if (best == ((Targets.Classes) IRIS.y()).indices()[r]) correct++;
        }
        assertTrue(correct >= 135, "accuracy " + correct + "/150");
    }

    @Test
    void aNetworkWithoutTrainingStateCannotResume() {
        Sequential weightsOnly = (Sequential) RoundTrip.throughFile(NetworkData.network(4));
        assertThrows(IncompatibleModelException.class, () -> Trainer.resume(weightsOnly));
    }

    @Test
    void resumingOnOtherDataInsideAnEpochIsRefused() {
        Trainer first = Trainer.start(NetworkData.network(5), NetworkData.sgdSettings());
        first.trainBatches(IRIS.x(), IRIS.y(), 3);
        Trainer resumed = Trainer.resume(first.checkpoint());
        FloatMatrix fewer = IRIS.x().selectRows(NetworkData.range(100), 0, 100);
        Targets fewerTargets = IRIS.y().selectRows(NetworkData.range(100), 0, 100);
        assertThrows(IncompatibleModelException.class, () -> resumed.trainUntil(fewer, fewerTargets, 1));
    }

    private static void assertResumeMatches(TrainingSettings settings, int epochs, int stopAt) {
        Trainer straight = Trainer.start(NetworkData.network(11), settings);
        straight.trainUntil(IRIS.x(), IRIS.y(), epochs);
        Trainer first = Trainer.start(NetworkData.network(11), settings);
        first.trainUntil(IRIS.x(), IRIS.y(), stopAt);
        Trainer resumed = Trainer.resume((Sequential) RoundTrip.throughFile(first.checkpoint()));
        resumed.trainUntil(IRIS.x(), IRIS.y(), epochs);
        assertSameState(straight.checkpoint().snapshot(), resumed.checkpoint().snapshot());
    }

    /** Every tensor bit for bit, the same counters and the same metrics history. */
    static void assertSameState(ModelSnapshot expected, ModelSnapshot actual) {
        List<String> names = new ArrayList<>();
        for (NamedTensor tensor : expected.tensors()) {
            names.add(tensor.name());
            assertTrue(tensor.tensor().contentEquals(actual.tensor(tensor.name()).tensor()), tensor.name() + " differs");
        }
        assertEquals(names, actual.tensors().stream().map(NamedTensor::name).toList());
        var a = expected.training().orElseThrow();
        var b = actual.training().orElseThrow();
        assertEquals(a.epoch(), b.epoch());
        assertEquals(a.step(), b.step());
        assertEquals(a.dataPosition(), b.dataPosition());
        assertEquals(a.metricsHistory(), b.metricsHistory());
        assertEquals(a.details(), b.details());
    }

}
