package dev.brine.python.pickle;

/**
 * The host's answer to PERSID/BINPERSID ({@code persistent_load} in Python). PyTorch stores tensor storages this
 * way. Without a loader, a persistent id is refused as malformed, as in CPython.
 */
@FunctionalInterface
public interface PersistentLoader {

    PyValue load(PyValue persistentId, PickleContext context);
}
