package dev.brine.core.format;

import dev.brine.core.CorruptModelException;

import java.util.List;

/**
 * The result of recomputing every tensor's SHA-256. {@code digestsRecorded} is false for a plain safetensors file,
 * whose structure was validated but which carries no digests to compare.
 */
public record VerifyReport(String file, boolean digestsRecorded, int tensorsChecked, long bytesChecked,
                           List<Mismatch> damaged) {

    public VerifyReport {
        damaged = List.copyOf(damaged);
    }

    public record Mismatch(String tensor, String expectedSha256, String actualSha256) {
    }

    public boolean intact() {
        return damaged.isEmpty();
    }

    /**
     * Returns quietly when every tensor matches; else throws {@link CorruptModelException} (exit 4) naming each
     * damaged tensor with the digest recorded and the digest found.
     */
    public void requireIntact() {
        if (intact()) {
            return;
        }
        StringBuilder names = new StringBuilder();
        for (Mismatch mismatch : damaged) {
            names.append("\n  ").append(mismatch.tensor()).append(": expected sha256 ")
                    .append(mismatch.expectedSha256()).append(", found ").append(mismatch.actualSha256());
        }
        throw new CorruptModelException(file + ": " + damaged.size() + " of " + tensorsChecked + " tensors are"
                + " damaged (their bytes no longer hash to the SHA-256 recorded when the file was written):" + names
                + "\nRestore the file from its source or the registry.");
    }
}
