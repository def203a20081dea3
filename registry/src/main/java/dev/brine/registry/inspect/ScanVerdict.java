package dev.brine.registry.inspect;

import java.util.List;

/**
 * What an {@link ArtifactScanner} concluded about a file.
 *
 * @param safety    the verdict
 * @param findings  what it found, one line each (the globals a pickle names, a Keras Lambda…)
 */
public record ScanVerdict(Safety safety, List<String> findings) {

    public enum Safety {
        /** Nothing in the file can make a loader run code. */
        SAFE,
        /** The file asks for code to run. */
        UNSAFE,
        /** No scanner looked at it. */
        NOT_SCANNED
    }

    public ScanVerdict {
        findings = List.copyOf(findings);
    }

    public static ScanVerdict safe() {
        return new ScanVerdict(Safety.SAFE, List.of());
    }

    public static ScanVerdict unsafe(List<String> findings) {
        return new ScanVerdict(Safety.UNSAFE, findings);
    }

    public static ScanVerdict notScanned() {
        return new ScanVerdict(Safety.NOT_SCANNED, List.of());
    }
}
