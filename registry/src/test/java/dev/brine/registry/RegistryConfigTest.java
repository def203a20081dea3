package dev.brine.registry;

import dev.brine.registry.store.S3Settings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryConfigTest {

    @Test
    void anEmbeddedRegistryKeepsArtifactsAndCacheBesideItsDatabase() {
        RegistryConfig config = RegistryConfig.fromEnvironment(Map.of("BRINE_REGISTRY", "/srv/brine/registry.db",
                "BRINE_USER", "ci-bot"));
        assertEquals(Path.of("/srv/brine/artifacts").toUri().toString(), config.artifacts());
        assertEquals(Path.of("/srv/brine/cache"), config.cacheDir());
        assertEquals("ci-bot", config.actor());
    }

    @Test
    void theDefaultRegistryLivesUnderTheUsersHome() {
        RegistryConfig config = RegistryConfig.fromEnvironment(Map.of());
        assertEquals(RegistryConfig.defaultHome().resolve("registry.db").toString(), config.metadata());
    }

    @Test
    void aSharedPostgresqlRegistryNeedsAnArtifactStore() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RegistryConfig.fromEnvironment(Map.of("BRINE_REGISTRY", "postgresql://u@h/db")));
        assertTrue(error.getMessage().contains("BRINE_ARTIFACTS"), error.getMessage());
        RegistryConfig config = RegistryConfig.fromEnvironment(Map.of("BRINE_REGISTRY", "postgresql://u@h/db",
                "BRINE_ARTIFACTS", "s3://models/prod", "AWS_ENDPOINT_URL", "http://127.0.0.1:9000",
                "AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", "eu-west-1"));
        assertEquals("s3://models/prod", config.artifacts());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), config.s3().endpoint());
        assertEquals("eu-west-1", config.s3().region());
        assertEquals(Optional.of("id"), config.s3().accessKeyId());
    }

    @Test
    void s3CredentialsComeInPairs() {
        assertThrows(IllegalArgumentException.class,
                () -> S3Settings.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "id")));
        assertEquals(Optional.of(URI.create("http://s3.local")), S3Settings.fromEnvironment(Map.of(
                "AWS_ENDPOINT_URL", "http://other", "AWS_ENDPOINT_URL_S3", "http://s3.local")).endpoint());
    }
}
