package dev.brine.registry;

/** A version's life: live, then soft-deleted (restorable, artifact kept), then purged by {@code gc}. */
public enum VersionState {
    LIVE, DELETED, PURGED
}
