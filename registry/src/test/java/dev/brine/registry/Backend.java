package dev.brine.registry;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty metadata database for one test: a SQLite file in a temp dir, or a new database on the test
 * PostgreSQL server named by {@code BRINE_TEST_POSTGRES_URL} (see {@code .ci/postgres.sh}). Without that
 * variable the PostgreSQL tests are skipped locally and fail in CI ({@code CI=true}), so CI can never pass
 * while silently testing only SQLite.
 */
sealed interface Backend extends AutoCloseable {

    String POSTGRES_URL_VARIABLE = "BRINE_TEST_POSTGRES_URL";

    /** What {@link Registry#open} accepts for this database. */
    String metadataLocation();

    @Override
    void close();

    record Sqlite(Path file) implements Backend {
        static Sqlite in(Path directory) {
            return new Sqlite(directory.resolve("registry.db"));
        }

        @Override
        public String metadataLocation() {
            return "sqlite:" + file;
        }

        @Override
        public void close() {
            // The temp dir goes with the test.
        }
    }

    record Postgres(String serverUrl, String database) implements Backend {

        /** Creates a new database on the test server. */
        static Postgres create() {
            String serverUrl = System.getenv(POSTGRES_URL_VARIABLE);
            if (serverUrl == null || serverUrl.isBlank()) {
                String why = POSTGRES_URL_VARIABLE + " is not set: start a server with "
                        + "`eval \"$(bash .ci/postgres.sh start)\"` to run the PostgreSQL tests";
                if ("true".equals(System.getenv("CI"))) {
                    throw new AssertionError(why + " (CI must run them)");
                }
                Assumptions.abort(why);
            }
            String database = "brine_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            execute(serverUrl, "CREATE DATABASE " + database);
            return new Postgres(serverUrl, database);
        }

        @Override
        public String metadataLocation() {
            // jdbc:postgresql://host:port/postgres?user=… → the same server, our database.
            return serverUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        }

        /** Drops the database. */
        @Override
        public void close() {
            execute(serverUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }

        /**
         * Empties every registry table, keeping the schema: much cheaper than a new database per test, and as
         * isolating (identity counters restart too).
         */
        void empty() {
            execute(metadataLocation(), "DO $$ DECLARE tables TEXT; BEGIN "
                    + "SELECT string_agg(quote_ident(table_name), ', ') INTO tables FROM information_schema.tables "
                    + "WHERE table_schema = 'public' AND table_name <> '" + SchemaMigrations.HISTORY_TABLE + "'; "
                    + "IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE'; "
                    + "END IF; END $$");
        }

        private static void execute(String url, String sql) {
            try (Connection connection = DriverManager.getConnection(url);
                 Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new AssertionError("test PostgreSQL at " + url + ": " + sql + ": " + e.getMessage(), e);
            }
        }
    }
}
