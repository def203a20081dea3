package dev.brine.registry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

class PostgresProcessTest extends ProcessContract {

    @Override
    Backend newBackend(Path directory) {
        return Backend.Postgres.create();
    }

    /** A push commits under the lock of the model's row; holding it holds the commit. */
    @Override
    AutoCloseable holdCommitLock(Backend backend, String model) throws Exception {
        Connection connection = DriverManager.getConnection(backend.metadataLocation());
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT next_version FROM registered_models WHERE name = ? FOR UPDATE")) {
            statement.setString(1, model);
            statement.executeQuery().close();
        }
        return () -> {
            try (connection) {
                connection.rollback();
            }
        };
    }
}
