package dev.brine.cli;

import dev.brine.registry.ModelUri;
import dev.brine.registry.ModelVersion;
import dev.brine.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rm", description = "Soft-delete a version (models:/NAME/3); `brine gc` later frees its bytes."
        + " A version an alias points at cannot be deleted: move the alias first.")
final class RmCommand extends RegistryCommand {

    @Parameters(paramLabel = "URI")
    String uri;

    @Override
    void run(Registry registry) {
        ModelVersion deleted = registry.delete(ModelUri.parse(uri));
        print(deleted.toJson(), "deleted " + deleted.uri() + " (soft: `brine restore " + deleted.uri() + "` brings"
                + " it back until `brine gc` purges it and frees its bytes)");
    }
}
