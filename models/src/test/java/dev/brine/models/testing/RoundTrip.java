package dev.brine.models.testing;

import dev.brine.core.Models;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelTypes;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restores models the two ways users do: from a snapshot in memory (every tensor copied, so nothing aliases the
 * original) and from a {@code .brine} file written by {@link Models#save} and read by {@link Models#load}.
 */
public final class RoundTrip {

    private RoundTrip() {
    }

    public static Model restore(Model model) {
        ModelSnapshot snapshot = model.snapshot();
        List<NamedTensor> copies = snapshot.tensors().stream()
                .map(t -> new NamedTensor(t.name(), copy(t.tensor()), t.role())).toList();
        ModelSnapshot copied = new ModelSnapshot(snapshot.type(), snapshot.config(), copies, snapshot.signature(),
                snapshot.classLabels(), snapshot.training());
        Model restored = ModelTypes.restore(copied, "test");
        assertEquals(model.type(), restored.type());
        assertEquals(model.signature(), restored.signature());
        return restored;
    }

    /** Saves to a temporary .brine file, loads it back, deletes the file. */
    public static Model throughFile(Model model) {
        try {
            Path file = Files.createTempFile("brine-models-test", ".brine");
            try {
                Models.save(model, file);
                Model loaded = Models.load(file);
                assertEquals(model.type(), loaded.type());
                assertEquals(model.signature(), loaded.signature());
                return loaded;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores the model both ways and checks that each predicts bit-for-bit what the original predicts. */
    public static Model assertPredictsIdentically(Model model, Tensor input) {
        Model restored = restore(model);
        assertSamePredictions(model, restored, input);
        assertSamePredictions(model, throughFile(model), input);
        return restored;
    }

    public static void assertSamePredictions(Model expected, Model actual, Tensor input) {
        assertBitEqual(expected.predict(input), actual.predict(input));
        if (expected instanceof Classifier classifier) {
            Classifier other = (Classifier) actual;
            assertEquals(classifier.classLabels(), other.classLabels());
            assertBitEqual(classifier.predictProba(input), other.predictProba(input));
        }
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
