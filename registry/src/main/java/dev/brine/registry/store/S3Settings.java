package dev.brine.registry.store;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach an S3-compatible server.
 *
 * @param endpoint                 a server other than AWS (MinIO, S3Proxy, Ceph…); path-style addressing is used
 *                                 for it, since such servers rarely have per-bucket DNS names
 * @param region                   the signing region
 * @param accessKeyId              with {@code secretAccessKey}: static credentials; both absent: the AWS profile
 *                                 ({@code ~/.aws/credentials}, {@code AWS_PROFILE})
 * @param multipartThresholdBytes  artifacts larger than this go up in parts (S3 caps a single PUT at 5 GB)
 * @param partSizeBytes            the size of each part but the last (S3's minimum is 5 MiB)
 */
public record S3Settings(Optional<URI> endpoint, String region, Optional<String> accessKeyId,
                         Optional<String> secretAccessKey, Optional<String> sessionToken,
                         long multipartThresholdBytes, long partSizeBytes) {

    public static final long DEFAULT_MULTIPART_THRESHOLD = 100L << 20;
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    /** S3 refuses an upload of more parts. */
    static final int MAX_PARTS = 10_000;
    private static final long MIN_PART_SIZE = 5L << 20;

    public S3Settings {
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("S3 credentials need both an access key id and a secret access key "
                    + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or neither to use the AWS profile");
        }
        if (partSizeBytes < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts must be at least 5 MiB, not " + partSizeBytes + " bytes");
        }
        if (multipartThresholdBytes < partSizeBytes) {
            throw new IllegalArgumentException("the multipart threshold (" + multipartThresholdBytes
                    + " bytes) must not be below the part size (" + partSizeBytes + " bytes)");
        }
    }

    /** Settings for a server at {@code endpoint} with static credentials (S3-compatible servers, tests). */
    public static S3Settings forEndpoint(URI endpoint, String accessKeyId, String secretAccessKey) {
        return new S3Settings(Optional.of(endpoint), "us-east-1", Optional.of(accessKeyId),
                Optional.of(secretAccessKey), Optional.empty(), DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }

    /**
     * The usual AWS variables: {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}, {@code AWS_REGION} or
     * {@code AWS_DEFAULT_REGION} (default us-east-1), {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
     * {@code AWS_SESSION_TOKEN}.
     */
    public static S3Settings fromEnvironment(Map<String, String> environment) {
        Optional<URI> endpoint = first(environment, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL").map(URI::create);
        String region = first(environment, "AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-east-1");
        return new S3Settings(endpoint, region, first(environment, "AWS_ACCESS_KEY_ID"),
                first(environment, "AWS_SECRET_ACCESS_KEY"), first(environment, "AWS_SESSION_TOKEN"),
                DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }

    public S3Settings withMultipart(long thresholdBytes, long partBytes) {
        return new S3Settings(endpoint, region, accessKeyId, secretAccessKey, sessionToken, thresholdBytes,
                partBytes);
    }

    /** The part size for an artifact: the configured one, or larger when the artifact would need too many parts. */
    long partSizeFor(long sizeBytes) {
        long needed = (sizeBytes + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(partSizeBytes, needed);
    }

    private static Optional<String> first(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }
}
