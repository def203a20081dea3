package dev.brine.registry;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetadataLocationTest {

    @Test
    void aPathOrSqliteUriIsAnEmbeddedDatabase() {
        Path expected = Path.of("/var/brine/registry.db");
        assertEquals(new MetadataLocation.Sqlite(expected), MetadataLocation.parse("/var/brine/registry.db"));
        assertEquals(new MetadataLocation.Sqlite(expected), MetadataLocation.parse("sqlite:/var/brine/registry.db"));
        assertEquals(new MetadataLocation.Sqlite(expected), MetadataLocation.parse("sqlite:///var/brine/registry.db"));
        assertEquals(new MetadataLocation.Sqlite(expected),
                MetadataLocation.parse("jdbc:sqlite:/var/brine/registry.db"));
        assertEquals(new MetadataLocation.Sqlite(Path.of("rel.db").toAbsolutePath()), MetadataLocation.parse("rel.db"));
    }

    @Test
    void aPostgresqlUriBecomesAJdbcUrlWithCredentialsApart() {
        MetadataLocation location = MetadataLocation.parse(
                "postgresql://ml:p%40ss+w:rd@db.internal:5433/registry?ssl=true");
        assertEquals(new MetadataLocation.Postgres("jdbc:postgresql://db.internal:5433/registry?ssl=true",
                Optional.of("ml"), Optional.of("p@ss+w:rd")), location);
        assertFalse(location.display().contains("ss+w"));
        assertEquals(new MetadataLocation.Postgres("jdbc:postgresql://h/db", Optional.empty(), Optional.empty()),
                MetadataLocation.parse("postgres://h/db"));
    }

    @Test
    void otherSchemesAndInMemoryDatabasesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MetadataLocation.parse("mysql://h/db"));
        assertThrows(IllegalArgumentException.class, () -> MetadataLocation.parse("sqlite::memory:"));
        assertThrows(IllegalArgumentException.class, () -> MetadataLocation.parse(" "));
    }
}
