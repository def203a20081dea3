package dev.brine.cli;

import dev.brine.core.json.Json;
import dev.brine.registry.ModelUri;
import dev.brine.registry.RegisteredModel;
import dev.brine.registry.Registry;
import picocli.CommandLine.Command;

import java.util.Map;

@Command(name = "models", description = "List registered models with their latest version, aliases, tags and the"
        + " latest version's metrics.")
final class ModelsCommand extends RegistryCommand {

    @Override
    void run(Registry registry) {
        printAll(registry.models().stream().map(model -> new Row(model, model.latestVersion()
                        .map(latest -> VersionListing.of(registry, registry.resolve(ModelUri.version(model.name(),
                                latest))).metrics()).orElse(Map.of()))).toList(),
                Row::toJson, Row::line);
    }

    private record Row(RegisteredModel model, Map<String, Double> latestMetrics) {
        Json.JsonObject toJson() {
            return VersionListing.withMetrics(model.toJson(), "latestMetrics", latestMetrics);
        }

        String line() {
            return model.name() + "  latest " + model.latestVersion().map(String::valueOf).orElse("-")
                    + "  versions " + model.liveVersions()
                    + (model.aliases().isEmpty() ? "" : "  aliases " + VersionListing.text(model.aliases()))
                    + (model.tags().isEmpty() ? "" : "  tags " + VersionListing.text(model.tags()))
                    + (latestMetrics.isEmpty() ? "" : "  metrics " + VersionListing.text(latestMetrics));
        }
    }
}
