package dev.brine.registry;

import org.junit.jupiter.api.AfterAll;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry contract on PostgreSQL: one database for the class, emptied after each test. */
class PostgresRegistryTest extends RegistryContract {

    private static Backend.Postgres database;

    @Override
    Backend newBackend(Path directory) {
        if (database == null) {
            database = Backend.Postgres.create();
        }
        return database;
    }

    @Override
    void releaseBackend() {
        if (database != null) {
            database.empty();
        }
    }

    @Test
    void opensFromThePostgresqlUriUsersType() throws IOException {
        // jdbc:postgresql://host:port/db?user=NAME → postgresql://NAME@host:port/db, as `--registry` takes it.
        Matcher jdbc = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]+)\\?user=(\\w+)")
                .matcher(backend.metadataLocation());
        assertTrue(jdbc.matches(), backend.metadataLocation());
        push("iris", 1);
        String typedUri = "postgresql://" + jdbc.group(3) + "@" + jdbc.group(1) + "/" + jdbc.group(2);
        try (Registry typed = Registry.open(RegistryConfig.builder(typedUri)
                .artifacts(dir.resolve("artifacts").toUri().toString()).build())) {
            assertEquals(1, typed.resolve("models:/iris/latest").version());
        }
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
