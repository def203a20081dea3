package dev.brine.registry;

import dev.brine.core.UnsupportedModelException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaMigrationsTest {

    @TempDir
    Path dir;

    @Test
    void theSchemaVersionConstantIsTheNewestMigration() throws IOException, URISyntaxException {
        Path migrations = Path.of(SchemaMigrations.class.getResource("migration").toURI());
        try (Stream<Path> files = Files.list(migrations)) {
            int newest = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max().orElseThrow();
            assertEquals(newest, SchemaMigrations.SCHEMA_VERSION);
        }
    }

    @Test
    void aNewSqliteRegistryIsMigratedInWalModeAndReopensWithoutChange() throws Exception {
        Path file = dir.resolve("r.db");
        Registry.open(file.toString()).close();
        Registry.open(file.toString()).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
                mode.next();
                assertEquals("wal", mode.getString(1));
            }
            try (ResultSet history = statement.executeQuery("SELECT version, success FROM "
                    + SchemaMigrations.HISTORY_TABLE)) {
                assertTrue(history.next());
                assertEquals("1", history.getString(1));
                assertEquals(1, history.getInt(2));
                assertTrue(!history.next(), "one migration applied, once");
            }
        }
    }

    @Test
    void aRegistryMigratedByANewerBrineIsRefused() throws Exception {
        Path file = dir.resolve("r.db");
        Registry.open(file.toString()).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + SchemaMigrations.HISTORY_TABLE + " (installed_rank, version, "
                    + "description, type, script, checksum, installed_by, installed_on, execution_time, success) "
                    + "VALUES (2, '2', 'future', 'SQL', 'V2__future.sql', 0, 'newer', CURRENT_TIMESTAMP, 1, 1)");
        }
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                () -> Registry.open(file.toString()).close());
        assertTrue(error.getMessage().contains("schema version 2, newer than version 1"), error.getMessage());
        assertEquals(5, error.exitCode());
    }
}
