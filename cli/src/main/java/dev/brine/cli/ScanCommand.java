package dev.brine.cli;

import dev.brine.python.PickleScanner;
import dev.brine.python.ScanReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "scan", description = "List every global the pickles in a file name (raw pickles, joblib files,"
        + " PyTorch archives, .npy/.npz) with its verdict, without loading anything. Exit 0 when all are allowed,"
        + " 3 when any is unsafe, 4 when the file is damaged.")
final class ScanCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The file to scan.")
    Path file;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ScanReport report = PickleScanner.scan(file);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(report.toJson());
        } else {
            out.println(file + ": " + report.format() + ", " + report.findings().size() + " globals, "
                    + report.verdict().name().toLowerCase(java.util.Locale.ROOT));
            for (ScanReport.Finding finding : report.findings()) {
                out.println("  " + (finding.global().allowed() ? "allowed " : "UNSAFE  ")
                        + finding.global().qualifiedName() + "  (" + (finding.entry().isEmpty() ? ""
                        : finding.entry() + " ") + "offset " + finding.global().offset() + ", "
                        + finding.global().opcode() + ")");
            }
            report.problem().ifPresent(problem -> out.println("  stopped: " + problem.message()));
        }
        return switch (report.verdict()) {
            case SAFE -> 0;
            case UNSAFE -> 3;
            case MALFORMED -> 4;
        };
    }
}
