package dev.brine.python;

import dev.brine.core.json.Json;
import dev.brine.python.pickle.GlobalReference;

import java.util.List;
import java.util.Optional;

/**
 * What {@link PickleScanner} found in a file: every global each pickle in it names, with the verdict, and the
 * problem that stopped the scan early, if any. {@code brine scan} exits 0 for {@link Verdict#SAFE}, 3 for
 * {@link Verdict#UNSAFE}, 4 for {@link Verdict#MALFORMED} and 5 for {@link Verdict#UNSUPPORTED}.
 *
 * @param file    the file scanned
 * @param format  {@code pickle}, {@code joblib}, {@code pytorch-zip}, {@code pytorch-legacy}, {@code pytorch-tar},
 *                {@code npy},
 *                {@code npz} or {@code zip}
 * @param findings each global, with the pickle it was found in
 * @param problem why the scan could not read everything: a damaged stream, a hostile archive (zip slip, a
 *                polyglot), a format Brine does not read
 */
public record ScanReport(String file, String format, List<Finding> findings, Optional<Problem> problem) {

    public ScanReport {
        findings = List.copyOf(findings);
    }

    /** A global and where it was named: the archive entry (empty for a plain file) and the reference itself. */
    public record Finding(String entry, GlobalReference global) {
    }

    /**
     * {@code SAFE}: every pickle any supported Python loader would read was read to its end and names only allowed
     * globals. {@code UNSAFE}: some global is not allowed, or the file itself is hostile. {@code MALFORMED}: the scan
     * stopped at damage or an exhausted limit, so it cannot vouch for the rest. {@code UNSUPPORTED}: a format or
     * version Brine does not read, so it cannot vouch either.
     */
    public enum Verdict { SAFE, UNSAFE, MALFORMED, UNSUPPORTED }

    /**
     * What stopped the scan, and the verdict it leads to on its own: {@code UNSAFE} when the file itself is hostile
     * (an archive path escaping its root, a polyglot), {@code MALFORMED} or {@code UNSUPPORTED} otherwise.
     */
    public record Problem(String message, Verdict kind) {
        public boolean unsafe() {
            return kind == Verdict.UNSAFE;
        }
    }

    /** UNSAFE if any global is not allowed (even in a damaged file), else the problem's verdict, else SAFE. */
    public Verdict verdict() {
        if (findings.stream().anyMatch(finding -> !finding.global().allowed())) {
            return Verdict.UNSAFE;
        }
        return problem.map(Problem::kind).orElse(Verdict.SAFE);
    }

    public List<Finding> unsafe() {
        return findings.stream().filter(finding -> !finding.global().allowed()).toList();
    }

    public Json.JsonObject toJson() {
        return Json.object()
                .put("file", file)
                .put("format", format)
                .put("verdict", verdict().name().toLowerCase(java.util.Locale.ROOT))
                .put("globals", Json.array(findings.stream().map(finding -> (Json) Json.object()
                        .put("entry", finding.entry())
                        .put("global", finding.global().qualifiedName())
                        .put("offset", finding.global().offset())
                        .put("opcode", finding.global().opcode())
                        .put("allowed", finding.global().allowed())
                        .build()).toList()))
                .put("problem", problem.<Json>map(found -> Json.of(found.message())).orElse(Json.JsonNull.NULL))
                .build();
    }
}
