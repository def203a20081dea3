package dev.brine.cli;

import dev.brine.core.Limits;
import dev.brine.core.Models;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.format.Inspection;
import dev.brine.core.json.Json;
import dev.brine.core.model.LoadOptions;
import dev.brine.python.PickleScanner;
import dev.brine.python.PythonGlobals;
import dev.brine.python.ScanReport;
import dev.brine.registry.ModelUri;
import dev.brine.registry.Registry;
import dev.brine.registry.RegistryConfig;
import dev.brine.registry.inspect.ArtifactDescription;
import dev.brine.registry.inspect.ScanVerdict;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the registry lives ({@code --registry}, {@code --artifacts}, else {@code BRINE_REGISTRY},
 * {@code BRINE_ARTIFACTS}, else {@code ~/.brine}), and the hooks that make it record what core's inspect sees and
 * refuse what scan finds unsafe.
 */
final class RegistryFlags {

    @Option(names = "--registry", paramLabel = "URI", description = "Metadata store: a SQLite path (sqlite:PATH) or"
            + " postgresql://user:pass@host:port/db. Default: $BRINE_REGISTRY, else ~/.brine/registry.db.")
    String registry;

    @Option(names = "--artifacts", paramLabel = "URI", description = "Artifact store: file:///dir or"
            + " s3://bucket/prefix. Default: $BRINE_ARTIFACTS, else beside the SQLite file.")
    String artifacts;

    /** The registry, whose hooks read files within the limits of the environment ({@code BRINE_LIMITS_*}). */
    Registry open() {
        return open(LimitFlags.environment());
    }

    /** The registry, whose hooks (inspect and scan of what is pushed) read files within {@code limits}. */
    Registry open(Limits limits) {
        RegistryConfig fromEnvironment = RegistryConfig.fromEnvironment(System.getenv());
        RegistryConfig.Builder builder = RegistryConfig.builder(registry != null ? registry : fromEnvironment.metadata())
                .cacheDir(fromEnvironment.cacheDir())
                .actor(fromEnvironment.actor())
                .s3(fromEnvironment.s3())
                .inspector(file -> describe(file, limits))
                .scanner(file -> scan(file, limits));
        if (artifacts != null) {
            builder.artifacts(artifacts);
        } else if (registry == null) {
            builder.artifacts(fromEnvironment.artifacts());
        }
        return Registry.open(builder.build());
    }

    /** A local file for a path or a {@code models:/} URI (pulled into the verified cache). */
    Path localFile(String modelArgument) {
        if (!ModelUri.isModelUri(modelArgument)) {
            return Path.of(modelArgument);
        }
        try (Registry opened = open()) {
            return opened.pull(ModelUri.parse(modelArgument));
        }
    }

    private static ArtifactDescription describe(Path file, Limits limits) {
        try {
            Inspection inspection = Models.inspect(file, LoadOptions.DEFAULTS.withLimits(limits));
            Json.JsonObject json = inspection.toJson();
            // The registry inspects its staged copy of the file; the version records the file's own name.
            Map<String, Json> members = new LinkedHashMap<>(json.members());
            members.put("file", new Json.JsonString(file.getFileName().toString()));
            return new ArtifactDescription(inspection.format(), Optional.of(inspection.modelType()),
                    Optional.of((Json.JsonObject) json.get("signature")), new Json.JsonObject(members));
        } catch (UnsafeModelException e) {
            // The scanner reports it; the version records the format alone (with --allow-unsafe).
            return new ArtifactDescription(Models.formatOf(file, limits), Optional.empty(), Optional.empty(),
                    Json.JsonObject.EMPTY);
        }
    }

    private static ScanVerdict scan(Path file, Limits limits) {
        if (Scanning.declarativeFormat(file, limits).isEmpty()) {
            // Pickles, joblib, PyTorch and numpy files: every global they name, without building anything.
            ScanReport report = PickleScanner.scan(file, PythonGlobals.defaults(), limits);
            List<String> unsafe = report.unsafe().stream().map(f -> f.global().qualifiedName()).toList();
            return unsafe.isEmpty() && report.problem().isEmpty() ? ScanVerdict.safe()
                    : ScanVerdict.unsafe(unsafe.isEmpty() ? List.of(report.problem().get().message()) : unsafe);
        }
        return Scanning.unsafeReason(file, limits).map(reason -> ScanVerdict.unsafe(List.of(reason)))
                .orElse(ScanVerdict.safe());
    }
}
