package dev.brine.registry;

import dev.brine.core.BrineVersion;
import dev.brine.core.UnsupportedModelException;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;

/**
 * Brings the schema up to date: with Flyway ({@link FlywayMigrator}) when it is behind, with one query when it is
 * current. Flyway needs about two seconds of class loading to start, which every CLI command would otherwise pay;
 * so a registry whose history table already records {@link #SCHEMA_VERSION} is opened without starting it.
 *
 * <p>Flyway serialises concurrent migrations on PostgreSQL with an advisory lock, but takes no lock on SQLite,
 * where two processes opening a new registry at once would both try to create the tables. There, an OS file lock
 * beside the database file serialises them (SQLite is local to one machine, so a file lock reaches every process
 * that can open the file); the same lock covers switching the file to WAL mode.
 */
final class SchemaMigrations {

    /** The highest migration in {@code dev/brine/registry/migration}; a test keeps the two in step. */
    static final int SCHEMA_VERSION = 1;
    static final String HISTORY_TABLE = "brine_schema_history";
    /** An arbitrary key for PostgreSQL's advisory lock: "brine" in ASCII, big-endian. */
    private static final long MIGRATION_LOCK_KEY = 0x6272696e65L;

    private SchemaMigrations() {
    }

    static void migrate(Database.Dialect dialect, MetadataLocation location, DataSource dataSource)
            throws SQLException {
        OptionalInt applied = appliedVersion(dataSource);
        if (applied.equals(OptionalInt.of(SCHEMA_VERSION))) {
            return;
        }
        if (applied.isPresent() && applied.getAsInt() > SCHEMA_VERSION) {
            throw newer(location, applied.getAsInt());
        }
        Migration migration = () -> {
            // Another process may have migrated while we waited for the lock.
            if (!isCurrent(dataSource)) {
                FlywayMigrator.migrate(dialect, location, dataSource);
            }
        };
        switch (location) {
            case MetadataLocation.Sqlite sqlite -> underFileLockBeside(sqlite.file(), () -> {
                enableWriteAheadLog(dataSource);
                migration.run();
            });
            case MetadataLocation.Postgres ignored -> underAdvisoryLock(dataSource, migration);
        }
    }

    /** A registry a newer Brine migrated: its schema holds what this one does not know (exit 5, unsupported). */
    static UnsupportedModelException newer(MetadataLocation location, int version) {
        return new UnsupportedModelException("the registry database at " + location.display() + " has schema version "
                + version + ", newer than version " + SCHEMA_VERSION + " that this Brine (" + BrineVersion.current()
                + ") knows: a newer Brine migrated it. Use that Brine or a newer one; this one will not change it.");
    }

    private static boolean isCurrent(DataSource dataSource) throws SQLException {
        return appliedVersion(dataSource).equals(OptionalInt.of(SCHEMA_VERSION));
    }

    /** The newest migration applied successfully, or empty for a new database. */
    static OptionalInt appliedVersion(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, HISTORY_TABLE, null)) {
            if (!tables.next()) {
                return OptionalInt.empty();
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT version FROM " + HISTORY_TABLE
                         + " WHERE success AND version IS NOT NULL")) {
                int newest = 0;
                while (rows.next()) {
                    newest = Math.max(newest, Integer.parseInt(rows.getString(1)));
                }
                return newest == 0 ? OptionalInt.empty() : OptionalInt.of(newest);
            }
        }
    }

    /** WAL: readers never wait for the writer, and a crash mid-commit never damages the database. */
    private static void enableWriteAheadLog(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
        }
    }

    @FunctionalInterface
    private interface Migration {
        void run() throws SQLException;
    }

    /**
     * Flyway takes its own advisory lock while it migrates; this one is taken before Flyway starts, so that the
     * processes that lose the race find the schema current and never start Flyway at all.
     */
    private static void underAdvisoryLock(DataSource dataSource, Migration migration) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK_KEY + ")");
            try {
                migration.run();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK_KEY + ")");
            }
        }
    }

    private static void underFileLockBeside(Path databaseFile, Migration migration) throws SQLException {
        Path lockFile = databaseFile.resolveSibling(databaseFile.getFileName() + ".migrate-lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            migration.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + " to initialise the registry", e);
        }
    }
}
