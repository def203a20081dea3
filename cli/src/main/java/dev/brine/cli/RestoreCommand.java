package dev.brine.cli;

import dev.brine.registry.ModelUri;
import dev.brine.registry.ModelVersion;
import dev.brine.registry.Registry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "Bring back a version `brine rm` soft-deleted (models:/NAME/3), as long as"
        + " `brine gc` has not purged it.")
final class RestoreCommand extends RegistryCommand {

    @Parameters(paramLabel = "URI", description = "models:/NAME/VERSION (a deleted version has no alias).")
    String uri;

    @Override
    void run(Registry registry) {
        ModelUri parsed = ModelUri.parse(uri);
        if (!(parsed.selector() instanceof ModelUri.Version(long number))) {
            throw new CommandLine.ParameterException(spec.commandLine(), uri + " names no version number; a"
                    + " deleted version is restored by number: models:/" + parsed.name() + "/VERSION (see `brine"
                    + " versions " + parsed.name() + " --all`)");
        }
        ModelVersion restored = registry.restore(parsed.name(), number);
        print(restored.toJson(), "restored " + restored.uri());
    }
}
