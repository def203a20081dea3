package dev.brine.models;

import dev.brine.core.format.Integrity;
import dev.brine.core.io.FileBytes;
import dev.brine.core.format.Provenance;
import dev.brine.core.model.SaveOptions;

import java.nio.file.Path;

/**
 * Where a model trained further came from: save options whose provenance names the file it was loaded from and that
 * file's SHA-256, so the manifest keeps the lineage of incremental training ({@code partialFit}, a resumed or
 * fine-tuned network).
 */
public final class Lineage {

    private Lineage() {
    }

    public static SaveOptions continuedFrom(Path parent) {
        return SaveOptions.defaults().withProvenance(Provenance.now()
                .withParent(parent.getFileName().toString(), sha256(parent)));
    }

    private static String sha256(Path file) {
        return Integrity.sha256(FileBytes.map(file));
    }

}
