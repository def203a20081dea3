package dev.brine.cli;

import dev.brine.registry.ModelUri;
import dev.brine.registry.ModelVersion;
import dev.brine.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "pull", description = "Copy a registered version to a file, checking its SHA-256.")
final class PullCommand extends RegistryCommand {

    @Parameters(paramLabel = "URI", description = "models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest.")
    String uri;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE")
    Path output;

    @Override
    void run(Registry registry) {
        ModelVersion version = registry.pull(ModelUri.parse(uri), output);
        print(version.toJson(), "pulled " + version.uri() + " to " + output + " (" + version.sizeBytes() + " bytes,"
                + " " + version.digest().shortForm() + " verified)");
    }
}
