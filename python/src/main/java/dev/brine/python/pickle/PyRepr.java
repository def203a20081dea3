package dev.brine.python.pickle;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A short Python-like rendering for messages and debugging: bounded in depth and width and safe on cyclic values
 * (a list may contain itself), so printing a hostile value can neither overflow the stack nor flood a log.
 */
final class PyRepr {
    private static final int MAX_DEPTH = 4;
    private static final int MAX_ITEMS = 8;

    private final StringBuilder out = new StringBuilder();
    private final Set<PyValue> open = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private PyRepr() {
    }

    static String of(PyValue value) {
        PyRepr repr = new PyRepr();
        repr.append(value, 0);
        return repr.out.toString();
    }

    private void append(PyValue value, int depth) {
        if (depth > MAX_DEPTH || open.contains(value)) {
            out.append("...");
            return;
        }
        open.add(value);
        switch (value) {
            case PyTuple tuple -> items("(", tuple.items().iterator(), tuple.size() == 1 ? ",)" : ")", depth);
            case PyList list -> items("[", list.items().iterator(), "]", depth);
            case PySet set -> items(set.frozen() ? "frozenset({" : "{", set.items().iterator(),
                    set.frozen() ? "})" : "}", depth);
            case PyDict dict -> {
                dict.type().ifPresent(type -> out.append(type.qualifiedName()));
                out.append('{');
                int count = 0;
                for (Map.Entry<PyValue, PyValue> entry : dict.entries().entrySet()) {
                    if (count++ == MAX_ITEMS) {
                        out.append(", ...");
                        break;
                    }
                    if (count > 1) out.append(", ");
                    append(entry.getKey(), depth + 1);
                    out.append(": ");
                    append(entry.getValue(), depth + 1);
                }
                out.append('}');
            }
            case PyObject object -> {
                out.append('<').append(object.type().qualifiedName());
                object.state().ifPresent(state -> {
                    out.append(' ');
                    append(state, depth + 1);
                });
                out.append('>');
            }
            default -> out.append(value);
        }
        open.remove(value);
    }

    private void items(String open, Iterator<PyValue> items, String close, int depth) {
        out.append(open);
        int count = 0;
        while (items.hasNext()) {
            PyValue item = items.next();
            if (count++ == MAX_ITEMS) {
                out.append(", ...");
                break;
            }
            if (count > 1) out.append(", ");
            append(item, depth + 1);
        }
        out.append(close);
    }
}
