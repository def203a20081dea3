package dev.brine.core.format;

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
}
