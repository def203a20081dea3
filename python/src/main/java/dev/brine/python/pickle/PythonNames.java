package dev.brine.python.pickle;

import java.util.Map;

/**
 * Python 2 module and attribute names mapped to their Python 3 homes, as CPython's {@code _compat_pickle} does for
 * pickles of protocol below 3 ({@code fix_imports}). The allow-list is written in Python 3 names only.
 */
final class PythonNames {

    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("__builtin__", "builtins"),
            Map.entry("copy_reg", "copyreg"),
            Map.entry("exceptions", "builtins"),
            Map.entry("Queue", "queue"),
            Map.entry("UserDict", "collections"),
            Map.entry("UserList", "collections"),
            Map.entry("UserString", "collections"),
            Map.entry("cPickle", "pickle"),
            Map.entry("_abcoll", "collections.abc"),
            Map.entry("cStringIO", "io"),
            Map.entry("StringIO", "io"),
            Map.entry("repr", "reprlib"),
            Map.entry("commands", "subprocess"),
            Map.entry("thread", "_thread"));

    private static final Map<PyGlobal, PyGlobal> NAMES = Map.ofEntries(
            rename("__builtin__", "xrange", "builtins", "range"),
            rename("__builtin__", "reduce", "functools", "reduce"),
            rename("__builtin__", "intern", "sys", "intern"),
            rename("__builtin__", "unichr", "builtins", "chr"),
            rename("__builtin__", "unicode", "builtins", "str"),
            rename("__builtin__", "long", "builtins", "int"),
            rename("__builtin__", "basestring", "builtins", "str"),
            rename("__builtin__", "raw_input", "builtins", "input"),
            rename("itertools", "izip", "builtins", "zip"),
            rename("itertools", "imap", "builtins", "map"),
            rename("itertools", "ifilter", "builtins", "filter"),
            rename("UserDict", "IterableUserDict", "collections", "UserDict"),
            rename("UserDict", "UserDict", "collections", "UserDict"),
            rename("whichdb", "whichdb", "dbm", "whichdb"),
            rename("_socket", "fromfd", "socket", "fromfd"));

    private PythonNames() {
    }

    private static Map.Entry<PyGlobal, PyGlobal> rename(String module, String name, String newModule,
                                                         String newName) {
        return Map.entry(new PyGlobal(module, name), new PyGlobal(newModule, newName));
    }

    /** The Python 3 name of {@code module.name}. */
    static PyGlobal toPython3(String module, String name) {
        PyGlobal renamed = NAMES.get(new PyGlobal(module, name));
        if (renamed != null) {
            return renamed;
        }
        return new PyGlobal(MODULES.getOrDefault(module, module), name);
    }
}
