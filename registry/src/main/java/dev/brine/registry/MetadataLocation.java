package dev.brine.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the registry's metadata lives, parsed from what a user types: a path or {@code sqlite:PATH} (embedded
 * SQLite), {@code postgresql://user:pass@host:port/db} (PostgreSQL), or a JDBC URL of either.
 */
sealed interface MetadataLocation {

    /** The JDBC URL, without credentials. */
    String jdbcUrl();

    /** For messages: the location without its password. */
    String display();

    record Sqlite(Path file) implements MetadataLocation {
        @Override
        public String jdbcUrl() {
            return "jdbc:sqlite:" + file;
        }

        @Override
        public String display() {
            return file.toString();
        }
    }

    record Postgres(String jdbcUrl, Optional<String> user, Optional<String> password) implements MetadataLocation {
        @Override
        public String display() {
            return jdbcUrl + user.map(name -> " as " + name).orElse("");
        }
    }

    static MetadataLocation parse(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty registry location; give a file path, sqlite:PATH or "
                    + "postgresql://user:pass@host:port/db");
        }
        if (value.startsWith("jdbc:postgresql:")) {
            return new Postgres(value, Optional.empty(), Optional.empty());
        }
        if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
            return postgres(URI.create(value));
        }
        if (value.startsWith("jdbc:sqlite:")) {
            return sqlite(value.substring("jdbc:sqlite:".length()));
        }
        if (value.startsWith("sqlite:")) {
            return sqlite(value.substring("sqlite:".length()));
        }
        if (value.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            throw new IllegalArgumentException("unsupported registry location '" + value + "': give a file path, "
                    + "sqlite:PATH or postgresql://user:pass@host:port/db");
        }
        return sqlite(value);
    }

    private static MetadataLocation sqlite(String path) {
        String withoutSlashes = path.startsWith("//") ? path.substring(2) : path;
        if (withoutSlashes.isEmpty() || withoutSlashes.equals(":memory:")) {
            throw new IllegalArgumentException("the SQLite registry needs a file path (an in-memory database would "
                    + "forget every version when the process ends)");
        }
        return new Sqlite(Path.of(withoutSlashes).toAbsolutePath().normalize());
    }

    private static MetadataLocation postgres(URI uri) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("PostgreSQL registry location '" + uri + "' has no host; write "
                    + "postgresql://user:pass@host:port/db");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new Postgres("jdbc:postgresql://" + uri.getHost() + port + database + query, user, password);
    }

    /** Percent-decoding only: a '+' in a password is a plus, not a space as in HTML forms. */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
