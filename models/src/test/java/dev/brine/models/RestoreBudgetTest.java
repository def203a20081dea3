package dev.brine.models;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.Models;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.preprocessing.StandardScaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restore keeps to the caller's limits: every copy of a mapped tensor into the heap is charged to one account for
 * the whole file, nested restores (a pipeline's steps) included.
 */
class RestoreBudgetTest {
    private static final int FEATURES = 1000;

    @TempDir
    Path directory;

    @Test
    void copiesAcrossEveryStepOfAPipelineCountAgainstOneBudget() {
        // Two scalers of 1000 features: each restores mean and scale, 2 × 8000 bytes, 32000 bytes in all.
        Pipeline pipeline = Pipeline.of(List.of(new Pipeline.Step("a", scaler(1)), new Pipeline.Step("b", scaler(2))));
        Path file = directory.resolve("pipeline.brine");
        Models.save(pipeline, file);

        Model whole = Models.load(file, LoadOptions.DEFAULTS.withLimits(limit(32_000)));
        assertEquals("pipeline", whole.type());

        // Each step alone fits 24000 bytes; the file does not, and the message names the limit and its remedy.
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> Models.load(file, LoadOptions.DEFAULTS.withLimits(limit(24_000))));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("maxInMemoryBytes = 24000"), error.getMessage());
        assertTrue(error.getMessage().contains("--limit maxInMemoryBytes="), error.getMessage());
    }

    @Test
    void eachLoadHasItsOwnAccount() {
        Path file = directory.resolve("scaler.brine");
        Models.save(scaler(3), file);
        LoadOptions options = LoadOptions.DEFAULTS.withLimits(limit(16_000));
        for (int i = 0; i < 3; i++) {
            Models.load(file, options);
        }
    }

    private static Limits limit(long bytes) {
        return Limits.builder().maxInMemoryBytes(bytes).build();
    }

    private static StandardScaler scaler(double value) {
        double[] mean = new double[FEATURES];
        double[] scale = new double[FEATURES];
        Arrays.fill(mean, value);
        Arrays.fill(scale, 2 * value);
        return new StandardScaler(mean, scale, List.of());
    }
}
