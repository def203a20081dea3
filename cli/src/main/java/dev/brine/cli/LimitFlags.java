package dev.brine.cli;

import dev.brine.core.Limits;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --limit NAME=VALUE} of every command that reads a model: the budget of the load ({@link Limits}), over the
 * defaults derived from the heap and the {@code BRINE_LIMITS_<NAME>} environment variables.
 */
final class LimitFlags {

    @Option(names = "--limit", paramLabel = "NAME=VALUE", description = "Raise (or lower) one budget of the load,"
            + " e.g. --limit maxInMemoryBytes=2GiB, --limit maxRunMillis=60s. Repeatable. Limits: maxHeaderBytes,"
            + " maxTensors, maxRank, maxTensorBytes, maxInMemoryBytes, maxNestingDepth, maxStringBytes, maxElements,"
            + " maxOperations, maxRunMillis. Environment: BRINE_LIMITS_<NAME> (e.g."
            + " BRINE_LIMITS_MAX_IN_MEMORY_BYTES=2GiB); the flag wins.")
    List<String> overrides = new ArrayList<>();

    Limits limits() {
        Limits limits = environment();
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--limit " + override + ": write NAME=VALUE, e.g."
                        + " maxInMemoryBytes=2GiB; the limits are " + Limits.names());
            }
            try {
                limits = limits.with(override.substring(0, equals).strip(), override.substring(equals + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--limit " + override + ": " + e.getMessage(), e);
            }
        }
        return limits;
    }

    /** The defaults with the {@code BRINE_LIMITS_*} environment variables applied (commands without the flag). */
    static Limits environment() {
        return Limits.fromEnvironment(Limits.DEFAULTS, System.getenv());
    }
}
