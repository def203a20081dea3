package dev.brine.cli;

import dev.brine.core.Limits;
import dev.brine.python.PythonGlobals;

import dev.brine.python.PickleScanner;
import dev.brine.python.ScanReport;
import dev.brine.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "scan", description = "List every global the pickles in a file name (raw pickles, joblib files,"
        + " PyTorch archives, .npy/.npz) with its verdict, without loading anything. Exit 0 when all are allowed,"
        + " 3 when any is unsafe, 4 when the file is damaged.")
final class ScanCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The file to scan.")
    Path file;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @picocli.CommandLine.Mixin
    LimitFlags limitFlags;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Limits limits = limitFlags.limits();
        Optional<String> declarative = Scanning.declarativeFormat(file, limits);
        if (declarative.isPresent()) {
            Optional<String> unsafe = Scanning.unsafeReason(file, limits);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.object().put("file", file.toString()).put("format", declarative.get())
                        .put("verdict", unsafe.isPresent() ? "unsafe" : "safe")
                        .putIfPresent("reason", unsafe.map(Json::of).orElse(null)).build().toPrettyString());
            } else {
                out.println(file + ": " + declarative.get() + ", " + unsafe.map(reason -> "UNSAFE: " + reason)
                        .orElse("safe (the format cannot name code to run, and its reader found nothing to refuse)"));
            }
            return unsafe.isPresent() ? 3 : 0;
        }
        ScanReport report = PickleScanner.scan(file, PythonGlobals.defaults(), limits);
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
