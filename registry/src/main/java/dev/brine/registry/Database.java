package dev.brine.registry;

import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The metadata database: one connection, transactions with retries. Writes on SQLite start with
 * {@code BEGIN IMMEDIATE} (the write lock is taken up front, waiting up to the busy timeout, so two writers never
 * deadlock upgrading a read lock); on PostgreSQL they run at READ COMMITTED and lock the rows they change with
 * {@code SELECT … FOR UPDATE}. Reads see one snapshot: a deferred transaction in SQLite's WAL mode, REPEATABLE
 * READ on PostgreSQL.
 */
final class Database implements AutoCloseable {

    enum Dialect { SQLITE, POSTGRESQL }

    @FunctionalInterface
    interface Work<T> {
        T run(Tx tx) throws SQLException, IOException;
    }

    /** How long a SQLite writer waits for another process's write transaction before giving up. */
    static final int SQLITE_BUSY_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_ATTEMPTS = 20;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private final Dialect dialect;
    private final MetadataLocation location;
    private final DataSource dataSource;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;

    private Database(Dialect dialect, MetadataLocation location, DataSource dataSource) {
        this.dialect = dialect;
        this.location = location;
        this.dataSource = dataSource;
    }

    /** Connects, and brings the schema up to date (a new registry initialises itself). */
    static Database open(MetadataLocation location) {
        Database database = switch (location) {
            case MetadataLocation.Sqlite sqlite -> new Database(Dialect.SQLITE, location, sqliteDataSource(sqlite));
            case MetadataLocation.Postgres postgres ->
                    new Database(Dialect.POSTGRESQL, location, postgresDataSource(postgres));
        };
        try {
            SchemaMigrations.migrate(database.dialect, location, database.dataSource);
            database.connection = database.connect();
            return database;
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot open the registry database at "
                    + location.display() + ": " + e.getMessage(), e));
        }
    }

    private static DataSource sqliteDataSource(MetadataLocation.Sqlite sqlite) {
        try {
            Files.createDirectories(sqlite.file().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the registry " + sqlite.file(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        // FULL: a committed version survives a power cut, not just a crash of the process.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(sqlite.jdbcUrl());
        return dataSource;
    }

    private static DataSource postgresDataSource(MetadataLocation.Postgres postgres) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.jdbcUrl());
        postgres.user().ifPresent(dataSource::setUser);
        postgres.password().ifPresent(dataSource::setPassword);
        dataSource.setApplicationName("brine-registry");
        return dataSource;
    }

    private Connection connect() throws SQLException {
        Connection opened = dataSource.getConnection();
        // SQLite: autocommit, with explicit BEGIN/COMMIT below, so no transaction is ever left open between calls.
        opened.setAutoCommit(dialect == Dialect.SQLITE);
        return opened;
    }

    String display() {
        return location.display();
    }

    /** Runs {@code work} in a write transaction, retrying it whole on lock conflicts and deadlocks. */
    <T> T write(Work<T> work) {
        return inTransaction(work, true);
    }

    /** Runs {@code work} in a read-only transaction that sees one consistent snapshot. */
    <T> T read(Work<T> work) {
        return inTransaction(work, false);
    }

    private <T> T inTransaction(Work<T> work, boolean writes) {
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return attempt(work, writes);
                } catch (SQLException e) {
                    if (isConnectionLost(e)) {
                        closeQuietly();
                    }
                    if (attempt >= MAX_ATTEMPTS || !isTransient(e)) {
                        throw new UncheckedIOException(new IOException("registry database " + location.display()
                                + ": " + e.getMessage(), e));
                    }
                    backOff(attempt);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private <T> T attempt(Work<T> work, boolean writes) throws SQLException, IOException {
        if (connection == null || connection.isClosed()) {
            connection = connect();
        }
        begin(writes);
        boolean committed = false;
        try {
            T result = work.run(new Tx(connection, dialect));
            commit();
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackQuietly();
            }
        }
    }

    private void begin(boolean writes) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            switch (dialect) {
                case SQLITE -> statement.execute(writes ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
                case POSTGRESQL -> statement.execute(writes
                        ? "SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ WRITE"
                        : "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
        }
    }

    private void commit() throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("COMMIT");
            }
        } else {
            connection.commit();
        }
    }

    /** Ends a failed transaction; if even that fails, the connection is dropped and the next call opens anew. */
    private void rollbackQuietly() {
        try {
            if (dialect == Dialect.SQLITE) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK");
                }
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            closeQuietly();
        }
    }

    /** Conflicts another transaction caused: running the same work again is the cure. */
    private boolean isTransient(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (dialect) {
            case SQLITE -> e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED;
            // serialization failure, deadlock detected, lock not available, connection lost (reconnect)
            case POSTGRESQL -> state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                    || isConnectionLost(e);
        };
    }

    private boolean isConnectionLost(SQLException e) {
        return dialect == Dialect.POSTGRESQL && e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // Already broken; a new connection replaces it.
        }
        connection = null;
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a registry transaction", e);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }
}
