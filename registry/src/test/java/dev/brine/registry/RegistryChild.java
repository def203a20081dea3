package dev.brine.registry;

import dev.brine.registry.store.ArtifactDigest;
import dev.brine.registry.store.ArtifactStore;
import dev.brine.registry.store.ArtifactStores;
import dev.brine.registry.store.S3Settings;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The program {@link ChildJvm} runs: one registry client in its own process. S3 settings come from the AWS
 * variables, as they would for the CLI.
 * <ul>
 *   <li>{@code push METADATA ARTIFACTS NAME FORCE_NEW FILE…}: opens the registry, prints {@code ready}, waits
 *       for a line on stdin, pushes each file, printing {@code pushed VERSION DIGEST} for each</li>
 *   <li>{@code pull METADATA ARTIFACTS URI TARGET}: pulls (caching beside TARGET), prints {@code pulled DIGEST}</li>
 *   <li>{@code put-stalling ARTIFACTS FILE STALL_AFTER}: uploads FILE straight to the store, but stops sending
 *       after STALL_AFTER bytes, prints {@code stalled} and waits forever (to be killed mid-upload)</li>
 * </ul>
 */
final class RegistryChild {

    /** For put-stalling against S3: multipart threshold and part size in bytes, to keep test files small. */
    static final String MULTIPART_BYTES_VARIABLE = "BRINE_TEST_MULTIPART_BYTES";

    private RegistryChild() {
    }

    public static void main(String[] arguments) throws Exception {
        switch (arguments[0]) {
            case "push" -> push(arguments);
            case "pull" -> pull(arguments);
            case "put-stalling" -> putStalling(arguments);
            default -> throw new IllegalArgumentException("unknown command " + arguments[0]);
        }
    }

    private static RegistryConfig config(String metadata, String artifacts, Path cacheDir) {
        return RegistryConfig.builder(metadata).artifacts(artifacts).actor("child-" + ProcessHandle.current().pid())
                .cacheDir(cacheDir).s3(settings()).build();
    }

    private static S3Settings settings() {
        S3Settings settings = S3Settings.fromEnvironment(System.getenv());
        String multipart = System.getenv(MULTIPART_BYTES_VARIABLE);
        return multipart == null ? settings : settings.withMultipart(Long.parseLong(multipart),
                Long.parseLong(multipart));
    }

    private static void push(String[] arguments) throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Path unusedCache = Path.of(System.getProperty("java.io.tmpdir"), "brine-child-cache");
        try (Registry registry = Registry.open(config(arguments[1], arguments[2], unusedCache))) {
            System.out.println("ready");
            System.out.flush();
            stdin.readLine();
            boolean forceNew = Boolean.parseBoolean(arguments[4]);
            for (int i = 5; i < arguments.length; i++) {
                ModelVersion version = registry.push(Path.of(arguments[i]), PushRequest.builder(arguments[3])
                        .forceNew(forceNew).build()).version();
                System.out.println("pushed " + version.version() + " " + version.digest());
                System.out.flush();
            }
        }
    }

    private static void pull(String[] arguments) {
        Path target = Path.of(arguments[4]).toAbsolutePath();
        try (Registry registry = Registry.open(config(arguments[1], arguments[2], target.resolveSibling("cache")))) {
            ModelVersion version = registry.pull(ModelUri.parse(arguments[3]), target);
            System.out.println("pulled " + version.digest());
        }
    }

    private static void putStalling(String[] arguments) throws Exception {
        Path file = Path.of(arguments[2]);
        long stallAfter = Long.parseLong(arguments[3]);
        try (ArtifactStore store = ArtifactStores.open(arguments[1], settings())) {
            store.put(ArtifactDigest.ofFile(file), Files.size(file), () -> new Stalling(Files.newInputStream(file),
                    stallAfter));
        }
        throw new AssertionError("the upload finished instead of stalling");
    }

    /** Delivers the first bytes of a stream, then announces the stall and blocks forever. */
    private static final class Stalling extends FilterInputStream {
        private long remaining;

        Stalling(InputStream in, long stallAfter) {
            super(in);
            this.remaining = stallAfter;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                System.out.println("stalled");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("interrupted while stalled");
            }
            int read = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }
}
