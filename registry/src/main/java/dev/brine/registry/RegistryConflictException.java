package dev.brine.registry;

/**
 * The registry refused an operation because of its current state, not because something is missing or broken:
 * deleting a version an alias points at, rolling back an alias with no earlier target, restoring a version that
 * is not deleted. The message says what to do instead. A usage error for the CLI (exit code 2).
 */
public final class RegistryConflictException extends RuntimeException {

    public RegistryConflictException(String message) {
        super(message);
    }
}
