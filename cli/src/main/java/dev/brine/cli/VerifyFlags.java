package dev.brine.cli;

import dev.brine.core.model.LoadOptions;
import picocli.CommandLine.Option;

/** {@code --no-verify}: the explicit escape from checking a {@code .brine} file's tensor digests on load. */
final class VerifyFlags {

    @Option(names = "--no-verify", description = "Do not check the SHA-256 of each tensor of a .brine file before"
            + " using it (checked by default; a warning says it was skipped). Only for a file you know is damaged and"
            + " still want to read.")
    boolean noVerify;

    LoadOptions apply(LoadOptions options) {
        return options.withVerify(!noVerify);
    }

    boolean verify() {
        return !noVerify;
    }
}
