package dev.brine.cli;

import dev.brine.registry.Registry;
import picocli.CommandLine.Command;

@Command(name = "models", description = "List registered models with their latest version and aliases.")
final class ModelsCommand extends RegistryCommand {

    @Override
    void run(Registry registry) {
        printAll(registry.models(), model -> model.toJson(), model -> model.name() + "  latest "
                + model.latestVersion().map(String::valueOf).orElse("-") + "  versions " + model.liveVersions()
                + (model.aliases().isEmpty() ? "" : "  aliases " + model.aliases())
                + (model.tags().isEmpty() ? "" : "  tags " + model.tags()));
    }
}
