package dev.brine.models.testing;

import dev.brine.core.Models;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.Trainer;
import dev.brine.models.nn.TrainingSettings;
import dev.brine.models.tabular.Target;
import dev.brine.models.tree.Forest;
import dev.brine.models.tree.ForestSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * One step of a training run in its own JVM, for the exact-resume tests: start a run and save its checkpoint, or load
 * a checkpoint, continue it and save again.
 * <pre>
 * network-start  sgd|adam EPOCHS OUT      network-resume IN EPOCHS OUT
 * forest-start   TREES OUT                forest-grow    IN MORE_TREES OUT
 * </pre>
 */
public final class ResumeMain {

    private ResumeMain() {
    }

    public static void main(String[] args) {
        NetworkData.Classification iris = NetworkData.iris();
        switch (args[0]) {
            case "network-start" -> {
                Trainer trainer = Trainer.start(NetworkData.network(11), settings(args[1]));
                trainer.trainUntil(iris.x(), iris.y(), Long.parseLong(args[2]));
                Models.save(trainer.checkpoint(), Path.of(args[3]));
            }
            case "network-resume" -> {
                Trainer trainer = Trainer.resume((Sequential) Models.load(Path.of(args[1])));
                trainer.trainUntil(iris.x(), iris.y(), Long.parseLong(args[2]));
                Models.save(trainer.checkpoint(), Path.of(args[3]));
            }
            case "forest-start" -> Models.save(ForestSpec.randomForestClassifier(Integer.parseInt(args[1]), 42)
                    .fit(Datasets.x("iris"), irisClasses(), List.of()), Path.of(args[2]));
            case "forest-grow" -> Models.save(((Forest) Models.load(Path.of(args[1])))
                    .grow(Integer.parseInt(args[2]), Datasets.x("iris"), irisClasses()), Path.of(args[3]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static TrainingSettings settings(String name) {
        return name.equals("sgd") ? NetworkData.sgdSettings() : NetworkData.adamSettings();
    }

    static Target irisClasses() {
        return new Target.Classes(Datasets.labels("iris"));
    }
}
