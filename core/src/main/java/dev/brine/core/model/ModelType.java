package dev.brine.core.model;

/**
 * Restores one type of model from a {@link ModelSnapshot}. Implementations are registered through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.brine.core.model.ModelType}); a file only ever
 * selects one of these registered types by name, never a class.
 */
public interface ModelType {

    /** The name written in manifests, e.g. {@code "random_forest_classifier"}. */
    String name();

    /**
     * Rebuilds the model. Throws {@link dev.brine.core.IncompatibleModelException} when tensors are missing or do
     * not fit the configuration, {@link dev.brine.core.CorruptModelException} when the configuration is malformed.
     * The caller's limits are those of {@link dev.brine.core.LoadBudget#current()}, which
     * {@link ModelTypes#restore(ModelSnapshot, String, dev.brine.core.Limits)} opens; every copy of a tensor into a
     * Java array is charged to it.
     */
    Model restore(ModelSnapshot snapshot);
}
