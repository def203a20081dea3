package dev.brine.cli;

import dev.brine.signing.ModelSignatures;
import dev.brine.signing.PemKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "sign", description = "Sign a model file or directory with an ECDSA key: writes MODEL.sig (a directory:"
        + " DIR/model.sig), a Sigstore bundle compatible with OpenSSF model signing v1.0 (the model_signing tool)."
        + " Check it with `brine verify MODEL --public-key pub.pem`.")
final class SignCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "The model file or directory to sign.")
    Path model;

    @Option(names = "--key", required = true, paramLabel = "key.pem", description = "ECDSA P-256, P-384 or P-521"
            + " private key in PEM (PKCS#8 `PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, or SEC1 `EC PRIVATE KEY`).")
    Path key;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "The passphrase of an encrypted key (its"
            + " first line); default: $BRINE_KEY_PASSPHRASE.")
    Path passphraseFile;

    @Option(names = "--signature", paramLabel = "FILE", description = "Where to write the bundle (default MODEL.sig,"
            + " or DIR/model.sig).")
    Path signature;

    @Option(names = "--ignore-paths", paramLabel = "PATH", split = ",", description = "Files or directories of a"
            + " model directory to leave out (git's files and the signature are always left out). Repeatable.")
    List<String> ignorePaths = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path target = signature != null ? signature : ModelSignatures.defaultSignaturePath(model);
        ModelSignatures.Verified signed = ModelSignatures.sign(model, PemKeys.privateKey(key, passphrase()), target,
                ignorePaths);
        spec.commandLine().getOut().println("signed " + model + " (" + signed.files().size() + " file"
                + (signed.files().size() == 1 ? "" : "s") + ", SHA-256 each) -> " + target);
        return 0;
    }

    private Optional<char[]> passphrase() throws IOException {
        if (passphraseFile != null) {
            return Optional.of(Files.readAllLines(passphraseFile).stream().findFirst().orElse("").toCharArray());
        }
        return Optional.ofNullable(System.getenv("BRINE_KEY_PASSPHRASE")).map(String::toCharArray);
    }
}
