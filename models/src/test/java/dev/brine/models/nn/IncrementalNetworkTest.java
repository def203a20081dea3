package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.tabular.Target;
import dev.brine.models.testing.Datasets;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fitted network trains further on new rows by continuing its saved run. */
class IncrementalNetworkTest {

    private static final Matrix X = Datasets.x("iris");
    private static final Labels Y = Datasets.labels("iris");

    private static MlpSpec spec(int epochs) {
        return new MlpSpec(new int[] {16}, Activation.Kind.RELU, 0,
                Json.object().put("type", "adam").put("lr", 0.01).build(), 16, epochs, 7);
    }

    /** Continuing on the same rows is the same run: 3 epochs, then 2 partial fits across saves, equal 5 epochs. */
    @Test
    void partialFitsOnTheSameRowsContinueTheRunBitForBit() {
        Target y = new Target.Classes(Y);
        TabularNetwork uninterrupted = spec(5).fit(X, y, List.of());
        TabularNetwork staged = spec(3).fit(X, y, List.of());
        for (int i = 0; i < 2; i++) {
            staged = ((TabularNetwork) RoundTrip.throughFile(staged)).partialFit(X, y);
        }
        assertEquals(5, staged.network().checkpoint().orElseThrow().state().epoch());
        Tensor expected = uninterrupted.predict(X.toTensor());
        assertTrue(expected.contentEquals(staged.predict(X.toTensor())));
        assertArrayEquals(uninterrupted.network().namedParameters().getFirst().getValue().value(),
                staged.network().namedParameters().getFirst().getValue().value());
    }

    /** New rows holding only some classes, with the first data's scaling, and the model learns from them. */
    @Test
    void newRowsImproveTheFitOnThem() {
        int[] first = IntStream.range(0, X.rows()).filter(r -> r % 3 == 0).toArray();
        int[] later = IntStream.range(0, X.rows()).filter(r -> r % 3 != 0 && Y.codes()[r] != 0).toArray();
        TabularNetwork model = spec(2).fit(X.selectRows(first), new Target.Classes(Y.selectRows(first)), List.of());
        Matrix newX = X.selectRows(later);
        Target newY = new Target.Classes(Y.selectRows(later));
        double before = accuracy(model, newX, Y.selectRows(later));
        TabularNetwork continued = model;
        for (int epoch = 0; epoch < 40; epoch++) continued = continued.partialFit(newX, newY);
        double after = accuracy(continued, newX, Y.selectRows(later));
        assertTrue(after > before && after >= 0.9, "accuracy on the new rows " + before + " -> " + after);
        assertEquals(((TabularNetwork.Classifier) model).classLabels(),
                ((TabularNetwork.Classifier) continued).classLabels());
    }

    @Test
    void aNetworkSavedWithoutItsStateOrStoppedMidEpochCannotContinue() {
        Target y = new Target.Classes(Y);
        TabularNetwork fitted = spec(1).fit(X, y, List.of());
        TabularNetwork weightsOnly = fitted.withNetwork(fitted.network().withCheckpoint(null));
        IncompatibleModelException noState = assertThrows(IncompatibleModelException.class,
                () -> weightsOnly.partialFit(X, y));
        assertTrue(noState.getMessage().contains("without its training state"), noState.getMessage());

        TabularNetwork midEpoch = stopInsideEpoch(X, y);
        IncompatibleModelException inside = assertThrows(IncompatibleModelException.class,
                () -> midEpoch.partialFit(X, y));
        assertTrue(inside.getMessage().contains("inside epoch 1"), inside.getMessage());
    }

    private static TabularNetwork stopInsideEpoch(Matrix x, Target y) {
        TabularNetwork fresh = spec(0).fit(x, y, List.of());
        Trainer trainer = Trainer.resume(fresh.network());
        FloatMatrix scaled = fresh.scaledInput(x);
        trainer.trainBatches(scaled, new Targets.Classes(((Target.Classes) y).labels().codes()), 2);
        return fresh.withNetwork(trainer.checkpoint());
    }

    private static double accuracy(TabularNetwork model, Matrix x, Labels y) {
        long[] predicted = model.predict(x).toLongArray();
        int correct = 0;
        for (int r = 0; r < predicted.length; r++) if (predicted[r] == y.codes()[r]) correct++;
        return (double) correct / predicted.length;
    }
}
