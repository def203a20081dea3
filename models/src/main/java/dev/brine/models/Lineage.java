package dev.brine.models;

import dev.brine.core.format.Provenance;
import dev.brine.core.model.SaveOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

}
