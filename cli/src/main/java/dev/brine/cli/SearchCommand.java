package dev.brine.cli;

import dev.brine.registry.Registry;
import dev.brine.registry.SearchQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", description = "Versions matching a query: conditions joined by `and`, each"
        + " metrics.NAME OP NUMBER (OP: < <= > >= =, on the metric's final value), tag.KEY=VALUE (a tag of the"
        + " version or its model) or name=NAME; e.g. 'metrics.accuracy > 0.9 and tag.stage=prod'.")
final class SearchCommand extends RegistryCommand {

    @Parameters(paramLabel = "QUERY", description = "The query (quote it for the shell).")
    String query;

    @Option(names = "--all", description = "Include soft-deleted versions.")
    boolean all;

    @Override
    void run(Registry registry) {
        SearchQuery parsed = SearchQuery.parse(query);
        SearchQuery withDeleted = new SearchQuery(parsed.model(), parsed.tags(), parsed.metrics(), all);
        printAll(registry.search(withDeleted).stream().map(version -> VersionListing.of(registry, version)).toList(),
                VersionListing::toJson, VersionListing::line);
    }
}
