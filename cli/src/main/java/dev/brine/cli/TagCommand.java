package dev.brine.cli;

import dev.brine.registry.ModelUri;
import dev.brine.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "tag", description = "Set or remove tags on a model (NAME) or a version (models:/NAME/3).")
final class TagCommand extends RegistryCommand {

    @Parameters(index = "0", paramLabel = "NAME|URI")
    String target;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "K=V")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--remove", paramLabel = "KEY", description = "Remove this tag. Repeatable.")
    List<String> removals = new ArrayList<>();

    @Override
    void run(Registry registry) {
        boolean version = ModelUri.isModelUri(target);
        tags.forEach((key, value) -> {
            if (version) registry.setVersionTag(ModelUri.parse(target), key, value);
            else registry.setModelTag(target, key, value);
        });
        removals.forEach(key -> {
            if (version) registry.removeVersionTag(ModelUri.parse(target), key);
            else registry.removeModelTag(target, key);
        });
        if (version) {
            var updated = registry.resolve(ModelUri.parse(target));
            print(updated.toJson(), updated.uri() + " tags " + updated.tags());
        } else {
            var updated = registry.model(target);
            print(updated.toJson(), updated.name() + " tags " + updated.tags());
        }
    }
}
