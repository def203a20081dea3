package dev.brine.python.pickle;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The only way a pickle global becomes something: an explicit map from {@code (module, name)} (Python 3 names) to a
 * {@link GlobalHandler}. Immutable; readers extend it in Java code with {@link #toBuilder()}, never from file
 * content. Any name not in it is refused ({@code UnsafeModelException}) when the stream names it.
 *
 * @param handlers   handler per allowed global
 * @param extensions copyreg extension codes (EXT1/EXT2/EXT4) and the global each stands for; empty by default, as
 *                   in CPython, so extension opcodes are refused unless a reader registers them
 */
public record AllowList(Map<PyGlobal, GlobalHandler> handlers, Map<Integer, PyGlobal> extensions) {

    public static final AllowList EMPTY = new AllowList(Map.of(), Map.of());

    public AllowList {
        handlers = Map.copyOf(handlers);
        extensions = Map.copyOf(extensions);
    }

    public Optional<GlobalHandler> handler(PyGlobal global) {
        return Optional.ofNullable(handlers.get(global));
    }

    public boolean allows(PyGlobal global) {
        return handlers.containsKey(global);
    }

    public static Builder builder() {
        return new Builder(EMPTY);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects handlers; a later {@code allow} of the same name replaces the earlier one. */
    public static final class Builder {
        private final Map<PyGlobal, GlobalHandler> handlers;
        private final Map<Integer, PyGlobal> extensions;

        private Builder(AllowList from) {
            handlers = new HashMap<>(from.handlers);
            extensions = new HashMap<>(from.extensions);
        }

        public Builder allow(String module, String name, GlobalHandler handler) {
            handlers.put(new PyGlobal(module, name), handler);
            return this;
        }

        /** Allows a plain data class whose instances become {@link PyObject}s. */
        public Builder allowPlainClass(String module, String name) {
            return allow(module, name, GlobalHandler.plainClass());
        }

        /** Allows a global that may appear as a value but is never called. */
        public Builder allowValue(String module, String name) {
            return allow(module, name, GlobalHandler.valueOnly());
        }

        public Builder allowAll(AllowList other) {
            handlers.putAll(other.handlers);
            extensions.putAll(other.extensions);
            return this;
        }

        public Builder extension(int code, String module, String name) {
            if (code <= 0) {
                throw new IllegalArgumentException("extension codes are positive, was " + code);
            }
            extensions.put(code, new PyGlobal(module, name));
            return this;
        }

        public AllowList build() {
            return new AllowList(handlers, extensions);
        }
    }
}
