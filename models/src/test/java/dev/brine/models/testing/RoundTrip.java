package dev.brine.models.testing;

import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.snapshot.ModelTypes;

import java.lang.foreign.Arena;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot → restore through the registered model types, with every tensor copied so nothing aliases the original. */
public final class RoundTrip {

    private RoundTrip() {
    }

    public static Model restore(Model model) {
        ModelSnapshot snapshot = model.snapshot();
        List<NamedTensor> copies = snapshot.tensors().stream()
                .map(t -> new NamedTensor(t.name(), copy(t.tensor()), t.role())).toList();
        ModelSnapshot copied = new ModelSnapshot(snapshot.type(), snapshot.config(), copies, snapshot.signature(),
                snapshot.classLabels(), snapshot.training());
        Model restored = ModelTypes.restore(copied);
        assertEquals(model.type(), restored.type());
        assertEquals(model.signature(), restored.signature());
        return restored;
    }

    /** Restores the model and checks that it predicts bit-for-bit what the original predicts. */
    public static Model assertPredictsIdentically(Model model, Tensor input) {
        Model restored = restore(model);
        assertBitEqual(model.predict(input), restored.predict(input));
        if (model instanceof dev.brine.core.model.Classifier classifier) {
            assertEquals(classifier.classLabels(), ((dev.brine.core.model.Classifier) restored).classLabels());
            assertBitEqual(classifier.predictProba(input), ((dev.brine.core.model.Classifier) restored).predictProba(input));
        }
        return restored;
    }

    public static void assertBitEqual(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape().dims(), actual.shape().dims());
        assertTrue(expected.contentEquals(actual), "tensors differ in their bytes");
    }

    private static Tensor copy(Tensor tensor) {
        Tensor out = Tensor.allocate(tensor.dtype(), tensor.shape(), Arena.ofAuto());
        out.data().copyFrom(tensor.data());
        return out;
    }
}
