package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.core.format.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "verify", description = "Recompute the SHA-256 of every tensor and compare it with the manifest."
        + " Exit 0 when intact, 4 naming the damaged tensors.")
final class VerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE|URI", description = "A .brine file (or safetensors: structure only), or models:/….")
    String model;

    @picocli.CommandLine.Mixin
    RegistryFlags registryFlags;

    @picocli.CommandLine.Mixin
    LimitFlags limitFlags;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path file = registryFlags.localFile(model);
        VerifyReport report = Models.verify(file, limitFlags.limits());
        PrintWriter out = spec.commandLine().getOut();
        if (!report.digestsRecorded()) {
            out.println(file + ": structure valid (" + report.tensorsChecked() + " tensors, "
                    + Text.bytes(report.bytesChecked()) + "), but a plain safetensors file records no digests to"
                    + " check. Convert it to .brine to protect it.");
            return 0;
        }
        report.requireIntact();
        out.println(file + ": intact (" + report.tensorsChecked() + " tensors, "
                + Text.bytes(report.bytesChecked()) + ", SHA-256 match)");
        return 0;
    }
}
