package dev.brine.server;

import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.tensor.Tensor;

import java.time.Instant;
import java.util.Optional;

/**
 * One loaded, checked model version taking traffic. Immutable: a request takes the version once and uses only it,
 * so a swap that happens meanwhile never mixes two versions in one answer; the old version's memory (a file
 * mapping) is freed when the last request holding it is done.
 */
record LiveVersion(String modelName, String version, Model model, Revision revision, String source,
                   Instant loadedAt, VersionMetrics metrics, DynamicBatcher predictBatcher,
                   DynamicBatcher probaBatcher) {

    static LiveVersion create(String modelName, String version, Model model, Revision revision, String source,
                              Metrics metrics, Batching batching) {
        DynamicBatcher predict = batching.enabled() ? new DynamicBatcher(model::predict, batching) : null;
        DynamicBatcher proba = batching.enabled() && model instanceof Classifier classifier
                ? new DynamicBatcher(classifier::predictProba, batching) : null;
        return new LiveVersion(modelName, version, model, revision, source, Instant.now(),
                metrics.forVersion(modelName, version), predict, proba);
    }

    Tensor predict(Tensor input) {
        return predictBatcher == null ? model.predict(input) : predictBatcher.apply(input);
    }

    Optional<Classifier> classifier() {
        return model instanceof Classifier classifier ? Optional.of(classifier) : Optional.empty();
    }

    /** Class probabilities; only for a {@link Classifier}. */
    Tensor predictProba(Tensor input) {
        Classifier classifier = classifier().orElseThrow();
        return probaBatcher == null ? classifier.predictProba(input) : probaBatcher.apply(input);
    }
}
