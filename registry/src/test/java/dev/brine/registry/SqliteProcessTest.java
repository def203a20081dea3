package dev.brine.registry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

class SqliteProcessTest extends ProcessContract {

    @Override
    Backend newBackend(Path directory) {
        return Backend.Sqlite.in(directory);
    }

    /** SQLite has one write lock for the whole database: a transaction begun IMMEDIATE holds it. */
    @Override
    AutoCloseable holdCommitLock(Backend backend, String model) throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:" + backend.metadataLocation());
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
        }
        return () -> {
            try (connection; Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK");
            }
        };
    }
}
