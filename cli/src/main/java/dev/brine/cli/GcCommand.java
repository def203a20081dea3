package dev.brine.cli;

import dev.brine.registry.GcOptions;
import dev.brine.registry.GcReport;
import dev.brine.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

@Command(name = "gc", description = "Purge soft-deleted versions and remove artifacts nothing references, including"
        + " bytes left by interrupted pushes. Reports the bytes freed.")
final class GcCommand extends RegistryCommand {

    @Option(names = "--dry-run", description = "Report what would be removed, remove nothing.")
    boolean dryRun;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "1h", description = "Leave unreferenced"
            + " bytes younger than this alone, as a push may still be committing them (1h, 30m, 0s…; default"
            + " ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    void run(Registry registry) {
        GcReport report = registry.gc(new GcOptions(grace, dryRun));
        long keptBytes = report.kept().stream().mapToLong(GcReport.Item::bytes).sum();
        print(report.toJson(), (dryRun ? "would free " : "freed ") + Text.bytes(report.bytesFreed()) + ": "
                + report.purgedVersions().size() + " versions purged, " + report.removed().size()
                + " artifacts or partial uploads removed; kept " + report.kept().size() + " ("
                + Text.bytes(keptBytes) + ") younger than the grace period of " + Text.duration(report.grace())
                + (report.kept().isEmpty() ? "" : " (a push may still be committing them; --grace 0s removes them)")
                + (report.missing().isEmpty() ? "" : "; artifacts missing from the store: " + report.missing()));
    }
}
