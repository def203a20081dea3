package dev.brine.registry;

import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;

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
        database.empty();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
