package dev.brine.registry;

/**
 * A reference to a registry model: {@code models:/NAME/3} (a version), {@code models:/NAME@prod} (an alias) or
 * {@code models:/NAME/latest} (the newest live version).
 */
public record ModelUri(String name, Selector selector) {

    public static final String SCHEME = "models:/";

    /** Which version of the model a reference means. */
    public sealed interface Selector {
    }

    public record Version(long number) implements Selector {
        public Version {
            if (number < 1) {
                throw new IllegalArgumentException("version numbers start at 1, not " + number);
            }
        }
    }

    public record Alias(String alias) implements Selector {
        public Alias {
            Names.requireAlias(alias);
        }
    }

    public enum Latest implements Selector { INSTANCE }

    public ModelUri {
        Names.requireModelName(name);
    }

    public static ModelUri version(String name, long number) {
        return new ModelUri(name, new Version(number));
    }

    public static ModelUri alias(String name, String alias) {
        return new ModelUri(name, new Alias(alias));
    }

    public static ModelUri latest(String name) {
        return new ModelUri(name, Latest.INSTANCE);
    }

    public static boolean isModelUri(String text) {
        return text != null && text.startsWith(SCHEME);
    }

    public static ModelUri parse(String text) {
        if (!isModelUri(text)) {
            throw invalid(text, "it does not start with " + SCHEME);
        }
        String rest = text.substring(SCHEME.length());
        int at = rest.indexOf('@');
        if (at >= 0) {
            return alias(rest.substring(0, at), rest.substring(at + 1));
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw invalid(text, "it names no version or alias");
        }
        String name = rest.substring(0, slash);
        String version = rest.substring(slash + 1);
        if (version.equals("latest")) {
            return latest(name);
        }
        if (!version.matches("[0-9]{1,18}") || Long.parseLong(version) < 1) {
            throw invalid(text, "'" + version + "' is not a version number (they start at 1)");
        }
        return version(name, Long.parseLong(version));
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid model URI '" + text + "': " + why + "; write "
                + "models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest");
    }

    @Override
    public String toString() {
        return SCHEME + name + switch (selector) {
            case Version version -> "/" + version.number();
            case Alias alias -> "@" + alias.alias();
            case Latest ignored -> "/latest";
        };
    }
}
