package dev.brine.cli;

import dev.brine.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "versions", description = "List a model's versions.")
final class VersionsCommand extends RegistryCommand {

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--all", description = "Include soft-deleted versions.")
    boolean all;

    @Override
    void run(Registry registry) {
        printAll(registry.versions(name, all).stream().map(version -> VersionListing.of(registry, version)).toList(),
                VersionListing::toJson, VersionListing::line);
    }
}
