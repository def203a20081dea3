package dev.brine.cli;

import dev.brine.core.Limits;
import dev.brine.registry.LineageRelation;
import dev.brine.registry.ModelUri;
import dev.brine.registry.PushRequest;
import dev.brine.registry.PushResult;
import dev.brine.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "push", description = "Register a model file as a new immutable version (any readable format)."
        + " The file is read once into the store's staging area; the scan, the tensor digests of a .brine file and"
        + " the inspection are checked on that copy, which is what is stored. Identical bytes return the existing"
        + " version unless --force-new.")
final class PushCommand extends RegistryCommand {

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Parameters(index = "1", paramLabel = "NAME", description = "Model name: letters, digits, '-', '_', '.'.")
    String name;

    @Option(names = "--alias", paramLabel = "A", description = "Point this alias at the new version. Repeatable.")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "K=V", description = "Tag the version. Repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--metric", paramLabel = "K=V", description = "Record a metric, e.g. accuracy=0.97. Repeatable.")
    Map<String, Double> metrics = new LinkedHashMap<>();

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--parent", paramLabel = "URI", description = "The version this one comes from (models:/…).")
    String parent;

    @Option(names = "--relation", paramLabel = "HOW", defaultValue = "DERIVED_FROM",
            description = "How it comes from --parent: ${COMPLETION-CANDIDATES}.")
    LineageRelation relation;

    @Option(names = "--data-ref", paramLabel = "REF", description = "Where the training data came from.")
    String dataRef;

    @Option(names = "--source-run", paramLabel = "RUN", description = "The run that produced it.")
    String sourceRun;

    @Option(names = "--force-new", description = "Register a new version even for identical bytes.")
    boolean forceNew;

    @Option(names = "--allow-unsafe", description = "Register a file that scan finds unsafe, because you vouch for"
            + " it (recorded on the version).")
    boolean allowUnsafe;

    @picocli.CommandLine.Mixin
    VerifyFlags verifyFlags;

    @picocli.CommandLine.Mixin
    LimitFlags limitFlags;

    @Override
    Limits limits() {
        return limitFlags.limits();
    }

    @Override
    void run(Registry registry) {
        PushRequest.Builder request = PushRequest.builder(name).forceNew(forceNew).allowUnsafe(allowUnsafe)
                .verify(verifyFlags.verify());
        aliases.forEach(request::alias);
        tags.forEach(request::tag);
        metrics.forEach(request::metric);
        if (description != null) request.description(description);
        if (parent != null) request.parent(ModelUri.parse(parent), relation);
        if (dataRef != null) request.dataRef(dataRef);
        if (sourceRun != null) request.sourceRun(sourceRun);
        PushResult result = registry.push(file, request.build());
        print(result.toJson(), result.summary());
    }
}
