package dev.brine.models.snapshot;

import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelType;

import java.util.function.Function;

/**
 * A {@link ModelType} given by its name and its restore function. The ServiceLoader needs one public class with a
 * no-argument constructor per type name; each is a one-line subclass of this.
 */
public abstract class NamedModelType implements ModelType {

    private final String name;
    private final Function<ModelSnapshot, ? extends Model> restorer;

    protected NamedModelType(String name, Function<ModelSnapshot, ? extends Model> restorer) {
        this.name = name;
        this.restorer = restorer;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Model restore(ModelSnapshot snapshot) {
        return restorer.apply(snapshot);
    }
}
