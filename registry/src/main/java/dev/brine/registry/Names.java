package dev.brine.registry;

import java.util.regex.Pattern;

/**
 * The rules for names in the registry (issue 7): model names use letters, digits, {@code .}, {@code _} and
 * {@code -}; aliases letters, digits, {@code _} and {@code -}, where {@code latest} (derived: the newest live
 * version) and {@code v<digits>} (it would read as a version number) are reserved. A bad name is a usage error:
 * {@link IllegalArgumentException}, with the rule in the message.
 */
public final class Names {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_TAG_VALUE_LENGTH = 5_000;
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern RESERVED_VERSION_ALIAS = Pattern.compile("v[0-9]+");
    /** Tag keys and metric names: model-name characters plus {@code /} and {@code :} for namespaces. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._/:-]+");

    private Names() {
    }

    public static String requireModelName(String name) {
        requireShape("model name", name, MODEL_NAME, "letters, digits, '.', '_' and '-'");
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid model name '" + name + "': '.' and '..' are not names");
        }
        return name;
    }

    public static String requireAlias(String alias) {
        requireShape("alias", alias, ALIAS, "letters, digits, '_' and '-'");
        if (alias.equals("latest")) {
            throw new IllegalArgumentException("'latest' is reserved: it always means the newest live version "
                    + "(models:/NAME/latest); choose another alias name");
        }
        if (RESERVED_VERSION_ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias '" + alias + "' is reserved: 'v' followed by digits reads as "
                    + "a version number; choose another alias name");
        }
        return alias;
    }

    /** Tag keys and metric names. */
    public static String requireKey(String what, String key) {
        return requireShape(what, key, KEY, "letters, digits, '.', '_', '-', '/' and ':'");
    }

    public static String requireTagValue(String key, String value) {
        if (value == null || value.length() > MAX_TAG_VALUE_LENGTH) {
            throw new IllegalArgumentException("tag '" + key + "': the value must be a string of at most "
                    + MAX_TAG_VALUE_LENGTH + " characters");
        }
        return value;
    }

    private static String requireShape(String what, String value, Pattern shape, String allowed) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty; use " + allowed);
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("invalid " + what + " '" + value.substring(0, 40) + "…': longer than "
                    + MAX_NAME_LENGTH + " characters");
        }
        if (!shape.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "': use only " + allowed);
        }
        return value;
    }
}
