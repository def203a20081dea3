package dev.brine.python.pickle;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The Python built-ins a pickle of plain data needs, and nothing that can run code: the constructors picklers emit
 * for sets, bytes and complex numbers below protocol 4/5, copyreg's reconstructors (which only delegate to another
 * allow-listed class) and {@code collections.OrderedDict}. Never {@code eval}, {@code getattr} or {@code __import__}.
 */
public final class Builtins {

    private Builtins() {
    }

    public static AllowList allowList() {
        return AllowList.builder()
                .allow("builtins", "set", (global, args, context) -> set(args, false, context))
                .allow("builtins", "frozenset", (global, args, context) -> set(args, true, context))
                .allow("builtins", "bytes", (global, args, context) -> bytes(args, false, context))
                .allow("builtins", "bytearray", (global, args, context) -> bytes(args, true, context))
                .allow("builtins", "complex", Builtins::complex)
                .allowValue("builtins", "object")
                .allow("_codecs", "encode", Builtins::encode)
                .allow("copyreg", "_reconstructor", Builtins::reconstructor)
                .allow("copyreg", "__newobj__", Builtins::newObj)
                .allow("copyreg", "__newobj_ex__", Builtins::newObjEx)
                .allow("collections", "OrderedDict", orderedDict())
                .build();
    }

    private static PyValue set(PyTuple args, boolean frozen, PickleContext context) {
        PySet set = new PySet(frozen);
        if (args.size() == 0) {
            return set;
        }
        if (args.size() != 1 || !(args.get(0) instanceof PyList items)) {
            throw context.unsupported((frozen ? "frozenset" : "set") + " built from " + args + "; Brine reads"
                    + " sets pickled from a list only");
        }
        for (PyValue item : items.items()) {
            if (item instanceof PyList || item instanceof PyDict || (item instanceof PySet s && !s.frozen())) {
                throw context.corrupt("an unhashable " + item.typeName() + " is a set item");
            }
            set.add(item);
        }
        return set;
    }

    private static PyValue bytes(PyTuple args, boolean byteArray, PickleContext context) {
        if (args.size() == 0) {
            return new PyBytes(java.lang.foreign.MemorySegment.ofArray(new byte[0]), byteArray);
        }
        if (args.size() == 1 && args.get(0) instanceof PyBytes source) {
            return new PyBytes(source.data(), byteArray);
        }
        if (args.size() == 2 && args.get(0) instanceof PyStr text && args.get(1) instanceof PyStr encoding) {
            return new PyBytes(java.lang.foreign.MemorySegment.ofArray(encodeText(text.value(), encoding.value(),
                    context)), byteArray);
        }
        throw context.unsupported((byteArray ? "bytearray" : "bytes") + " built from " + args);
    }

    private static PyValue complex(PyGlobal global, PyTuple args, PickleContext context) {
        double[] parts = new double[2];
        if (args.size() > 2) {
            throw context.corrupt("complex() takes at most 2 arguments, got " + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            parts[i] = switch (args.get(i)) {
                case PyFloat value -> value.value();
                case PyInt value -> value.value().doubleValue();
                default -> throw context.unsupported("complex() of a " + args.get(i).typeName());
            };
        }
        return new PyComplex(parts[0], parts[1]);
    }

    /** {@code _codecs.encode(text, encoding)}: how protocol-2 pickles write bytes (latin-1 text of byte values). */
    private static PyValue encode(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() < 1 || args.size() > 2 || !(args.get(0) instanceof PyStr text)) {
            throw context.corrupt("_codecs.encode expects (str[, encoding]), got " + args);
        }
        String encoding = args.size() == 2 && args.get(1) instanceof PyStr name ? name.value() : "utf-8";
        byte[] encoded = encodeText(text.value(), encoding, context);
        context.charge(encoded.length);
        return new PyBytes(java.lang.foreign.MemorySegment.ofArray(encoded), false);
    }

    private static byte[] encodeText(String text, String encoding, PickleContext context) {
        switch (encoding.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1" -> {
                byte[] out = new byte[text.length()];
                for (int i = 0; i < out.length; i++) {
                    char c = text.charAt(i);
                    if (c > 0xFF) {
                        throw context.corrupt("character U+" + Integer.toHexString(c) + " cannot be latin-1 encoded");
                    }
                    out[i] = (byte) c;
                }
                return out;
            }
            case "utf-8", "utf8" -> {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            case "ascii" -> {
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) > 0x7F) {
                        throw context.corrupt("character U+" + Integer.toHexString(text.charAt(i))
                                + " cannot be ASCII encoded");
                    }
                }
                return text.getBytes(StandardCharsets.US_ASCII);
            }
            default -> throw context.unsupported("_codecs.encode with encoding '" + encoding + "'");
        }
    }

    /**
     * {@code copyreg._reconstructor(cls, base, state)}, how protocols 0 and 1 pickle instances: {@code
     * object.__new__(cls)} when {@code base} is {@code object} and {@code state} is None. Only delegates to the
     * handler of {@code cls}, which must be allow-listed itself.
     */
    private static PyValue reconstructor(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() != 3 || !(args.get(0) instanceof PyGlobal cls) || !(args.get(1) instanceof PyGlobal base)) {
            throw context.corrupt("copyreg._reconstructor expects (class, base, state), got " + args);
        }
        if (!base.equals(new PyGlobal("builtins", "object")) || args.get(2) != PyNone.NONE) {
            throw context.unsupported("copyreg._reconstructor with base " + base.qualifiedName() + " and state "
                    + args.get(2) + "; Brine reads instances of plain classes (base object) only");
        }
        return context.handlerFor(cls).instantiate(cls, PyTuple.EMPTY, null, context);
    }

    private static PyValue newObj(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() < 1 || !(args.get(0) instanceof PyGlobal cls)) {
            throw context.corrupt("copyreg.__newobj__ expects (class, *args), got " + args);
        }
        List<PyValue> rest = args.items().subList(1, args.size());
        return context.handlerFor(cls).instantiate(cls, new PyTuple(rest), null, context);
    }

    private static PyValue newObjEx(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() != 3 || !(args.get(0) instanceof PyGlobal cls) || !(args.get(1) instanceof PyTuple clsArgs)
                || !(args.get(2) instanceof PyDict kwargs)) {
            throw context.corrupt("copyreg.__newobj_ex__ expects (class, args, kwargs), got " + args);
        }
        return context.handlerFor(cls).instantiate(cls, clsArgs, kwargs, context);
    }

    /** {@code collections.OrderedDict}: a dict that remembers its class and accepts a BUILD state. */
    private static GlobalHandler orderedDict() {
        return new GlobalHandler() {
            @Override
            public PyValue call(PyGlobal global, PyTuple args, PickleContext context) {
                PyDict dict = new PyDict(global);
                if (args.size() == 1 && args.get(0) instanceof PyList pairs) {
                    for (PyValue pair : pairs.items()) {
                        if (!(pair instanceof PyTuple tuple) || tuple.size() != 2) {
                            throw context.corrupt("OrderedDict item " + pair + " is not a (key, value) pair");
                        }
                        dict.put(tuple.get(0), tuple.get(1));
                    }
                } else if (args.size() != 0) {
                    throw context.unsupported("OrderedDict built from " + args);
                }
                return dict;
            }

            @Override
            public PyValue instantiate(PyGlobal cls, PyTuple args, PyDict kwargs, PickleContext context) {
                return new PyDict(cls);
            }
        };
    }
}
