package dev.brine.cli;

import dev.brine.core.CorruptModelException;
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
        if (report.intact()) {
            out.println(file + ": intact (" + report.tensorsChecked() + " tensors, "
                    + Text.bytes(report.bytesChecked()) + ", SHA-256 match)");
            return 0;
        }
        StringBuilder names = new StringBuilder();
        for (VerifyReport.Mismatch mismatch : report.damaged()) {
            names.append("\n  ").append(mismatch.tensor()).append(": expected sha256 ")
                    .append(mismatch.expectedSha256()).append(", found ").append(mismatch.actualSha256());
        }
        throw new CorruptModelException(file + ": " + report.damaged().size() + " of " + report.tensorsChecked()
                + " tensors are damaged (their bytes changed since the file was written):" + names
                + "\nRestore the file from its source or the registry.");
    }
}
