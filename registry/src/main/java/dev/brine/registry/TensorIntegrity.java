package dev.brine.registry;

import dev.brine.core.BrineException;
import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.Models;
import dev.brine.core.format.SafetensorsFile;
import dev.brine.core.format.VerifyReport;
import dev.brine.core.io.FileBytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The per-tensor digests of a {@code .brine} artifact, checked on push and consulted when a stored object turns out
 * damaged. Files of other formats (and plain safetensors) record no digests: their SHA-256 as a whole, the version's
 * digest, is all there is.
 */
final class TensorIntegrity {
    private static final System.Logger LOG = System.getLogger("dev.brine.integrity");

    private TensorIntegrity() {
    }

    /**
     * Refuses a {@code .brine} file (by content) whose tensors do not match their recorded SHA-256, naming them.
     * {@code staged} is the copy being pushed; messages name {@code original}, the file the user gave.
     */
    static void requireIntact(Path staged, Path original) {
        if (!looksLikeSafetensors(staged)) {
            return;
        }
        try {
            Models.verify(staged).requireIntact();
        } catch (CorruptModelException e) {
            throw new CorruptModelException("push of " + original + " refused: "
                    + e.getMessage().replace(staged.toString(), original.toString()), e);
        } catch (UnsupportedModelException e) {
            // A dtype Brine cannot read: no .brine file has one, and the inspector decides whether to register it.
        }
    }

    /** Says that a push skipped the check, for a file that had digests to check. */
    static void warnUnchecked(Path staged, Path original) {
        if (looksLikeSafetensors(staged)) {
            LOG.log(System.Logger.Level.WARNING, original + ": pushed without checking its tensors' SHA-256"
                    + " (verification is off); a damaged file is stored as it is.");
        }
    }

    /**
     * Which tensors of a damaged copy of a {@code .brine} file no longer match their digests, as a sentence to add
     * to the error; empty when the file is of another format or too damaged to tell (its header itself changed).
     */
    static String damagedTensors(Path copy) {
        if (!looksLikeSafetensors(copy)) {
            return "";
        }
        try {
            VerifyReport report = Models.verify(copy);
            return report.damaged().isEmpty() ? "" : " Damaged tensors: " + report.damaged().stream()
                    .map(VerifyReport.Mismatch::tensor).collect(Collectors.joining(", ")) + ".";
        } catch (BrineException headerDamaged) {
            return " Its header is damaged too: " + headerDamaged.getMessage().replace(copy.toString(), "the copy");
        }
    }

    private static boolean looksLikeSafetensors(Path file) {
        try {
            return SafetensorsFile.looksLikeSafetensors(FileBytes.head(file, 16), Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
