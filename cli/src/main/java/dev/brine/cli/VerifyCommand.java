package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.core.format.VerifyReport;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.NamedTensor;
import dev.brine.python.numpy.NumpyModelReader;
import dev.brine.signing.ModelSignatures;
import dev.brine.signing.PemKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", description = "Recompute the SHA-256 of every tensor and compare it with the manifest."
        + " Exit 0 when intact, 4 naming the damaged tensors. With --public-key (or --cert-chain for a bundle signed"
        + " with a certificate), first check the model's signature"
        + " (an OpenSSF model signing bundle, `brine sign` or model_signing): exit 3 when it was not signed by that key,"
        + " 4 naming a missing, extra or changed file.")
final class VerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE|URI", description = "A .brine file (or safetensors: structure only), or models:/…;"
            + " with --public-key, any model file or directory.")
    String model;

    @Option(names = "--public-key", paramLabel = "pub.pem", description = "Check the signature with this ECDSA public"
            + " key (PEM).")
    Path publicKey;

    @Option(names = "--cert-chain", paramLabel = "ca.pem", description = "Check the signature of a bundle signed with"
            + " a certificate: its chain must lead to a root certificate in this PEM file.")
    Path certChain;

    @Option(names = "--signature", paramLabel = "FILE", description = "The signature bundle (default MODEL.sig, or"
            + " DIR/model.sig).")
    Path signature;

    @Option(names = "--ignore-paths", paramLabel = "PATH", split = ",", description = "Files of a model directory the"
            + " signature leaves out and its bundle does not list. Repeatable.")
    List<String> ignorePaths = new ArrayList<>();

    @picocli.CommandLine.Mixin
    RegistryFlags registryFlags;

    @picocli.CommandLine.Mixin
    LimitFlags limitFlags;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path file = registryFlags.localFile(model);
        PrintWriter out = spec.commandLine().getOut();
        if (publicKey != null && certChain != null) {
            throw new IllegalArgumentException("give either --public-key or --cert-chain, not both");
        }
        if (publicKey == null && certChain == null && signature != null) {
            throw new IllegalArgumentException("--signature needs --public-key or --cert-chain to check it with");
        }
        if (publicKey != null || certChain != null) {
            Path bundle = signature != null ? signature : ModelSignatures.defaultSignaturePath(file);
            ModelSignatures.Verified verified = publicKey != null
                    ? ModelSignatures.verify(file, bundle, PemKeys.publicKey(publicKey), ignorePaths)
                    : ModelSignatures.verifyWithCertificates(file, bundle, certChain, ignorePaths);
            out.println(file + ": signature valid (" + bundle + ", " + verified.files().size() + " file"
                    + (verified.files().size() == 1 ? "" : "s") + " match their signed SHA-256)");
            if (!Files.isRegularFile(file) || Scanning.declarativeFormat(file, limitFlags.limits())
                    .filter(format -> format.equals("brine") || format.equals("safetensors")).isEmpty()) {
                return 0;
            }
        }
        if (Files.isRegularFile(file)
                && Models.formatOf(file, limitFlags.limits()).equals(NumpyModelReader.FORMAT)) {
            return verifyArrays(file, out);
        }
        VerifyReport report = Models.verify(file, limitFlags.limits());
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

    /** A .npy/.npz: every header, dtype and size read as loading reads them (exit 4 when damaged); no digests. */
    private int verifyArrays(Path file, PrintWriter out) {
        List<NamedTensor> arrays = Models.load(file, LoadOptions.DEFAULTS.withLimits(limitFlags.limits()))
                .snapshot().tensors();
        long bytes = arrays.stream().mapToLong(array -> array.tensor().byteSize()).sum();
        out.println(file + ": structure valid (" + arrays.size() + " numpy array" + (arrays.size() == 1 ? "" : "s")
                + ", " + Text.bytes(bytes) + "), but a numpy file records no digests to check. Convert it to .brine"
                + " to protect it.");
        return 0;
    }
}
