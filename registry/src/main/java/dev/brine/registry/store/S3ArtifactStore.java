package dev.brine.registry.store;

import dev.brine.core.CorruptModelException;
import dev.brine.core.ModelNotFoundException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Artifacts in an S3 bucket under a prefix: {@code PREFIX/sha256/<hex>}, and objects found damaged under
 * {@code PREFIX/quarantine/}. Every upload names the artifact's SHA-256
 * ({@code x-amz-checksum-sha256}), so the server refuses bytes that are not the ones announced; artifacts above
 * the multipart threshold go up in parts, each with its own SHA-256 checked by the server, and the whole is hashed
 * on the client before the upload is completed — an unfinished multipart upload is invisible until then, and
 * {@code gc} aborts the ones left behind. Downloads stream to disk and are hashed on the way.
 */
public final class S3ArtifactStore implements ArtifactStore {

    private static final String OBJECTS = "sha256/";
    private static final String QUARANTINE = "quarantine/";
    private static final int HTTP_NOT_FOUND = 404;
    /** What S3 (and compatible servers) answer when a body does not match the checksum sent with it. */
    private static final Set<String> CHECKSUM_REFUSALS = Set.of("BadDigest", "InvalidDigest",
            "XAmzContentChecksumMismatch", "XAmzContentSHA256Mismatch");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final S3Settings settings;

    private S3ArtifactStore(S3Client s3, String bucket, String prefix, S3Settings settings) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.settings = settings;
    }

    /** Opens the store at {@code s3://bucket/prefix}, creating the bucket if the server does not have it yet. */
    public static S3ArtifactStore open(String bucket, String prefix, S3Settings settings) {
        S3Client s3 = client(settings);
        try {
            try {
                s3.headBucket(request -> request.bucket(bucket));
            } catch (NoSuchBucketException e) {
                s3.createBucket(request -> request.bucket(bucket));
            }
        } catch (SdkException e) {
            s3.close();
            throw new UncheckedIOException(new IOException("cannot reach the artifact store s3://" + bucket + "/"
                    + prefix + (settings.endpoint().map(uri -> " at " + uri).orElse("")) + ": " + e.getMessage()
                    + ". Check AWS_ENDPOINT_URL, AWS_REGION and the credentials.", e));
        }
        String normalizedPrefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        return new S3ArtifactStore(s3, bucket, normalizedPrefix, settings);
    }

    private static S3Client client(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                // We send SHA-256 ourselves (it is the artifact's address) and verify downloads ourselves.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKeyId().isEmpty()) {
            return ProfileCredentialsProvider.create();
        }
        String id = settings.accessKeyId().get();
        String secret = settings.secretAccessKey().orElseThrow();
        AwsCredentials credentials = settings.sessionToken()
                .<AwsCredentials>map(token -> AwsSessionCredentials.create(id, secret, token))
                .orElseGet(() -> AwsBasicCredentials.create(id, secret));
        return StaticCredentialsProvider.create(credentials);
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public String locationOf(ArtifactDigest digest) {
        return "s3://" + bucket + "/" + keyOf(digest);
    }

    private String keyOf(ArtifactDigest digest) {
        return prefix + OBJECTS + digest.hex();
    }

    @Override
    public void put(ArtifactDigest digest, long sizeBytes, ArtifactContent content) throws IOException {
        try {
            if (sizeBytes > settings.multipartThresholdBytes()) {
                putInParts(digest, sizeBytes, content);
            } else {
                s3.putObject(request -> request.bucket(bucket).key(keyOf(digest)).contentLength(sizeBytes)
                                .checksumSHA256(digest.base64()),
                        RequestBody.fromContentProvider(streams(content), sizeBytes, "application/octet-stream"));
            }
        } catch (S3Exception e) {
            if (CHECKSUM_REFUSALS.contains(errorCode(e))) {
                throw new CorruptModelException("upload to " + locationOf(digest) + " refused by the server ("
                        + errorCode(e) + "): the bytes sent are not " + digest + " as computed when the push began; "
                        + "the file changed while it was being pushed. Push it again once it is stable.", e);
            }
            throw translate("upload of " + digest + " to " + locationOf(digest), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long stored = sizeOf(digest).orElseThrow(() -> new IOException(
                "the server accepted " + locationOf(digest) + " but does not list it"));
        if (stored != sizeBytes) {
            throw new IOException("the server holds " + stored + " bytes at " + locationOf(digest) + " after an "
                    + "upload of " + sizeBytes);
        }
    }

    private void putInParts(ArtifactDigest digest, long sizeBytes, ArtifactContent content) throws IOException {
        String key = keyOf(digest);
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        boolean completed = false;
        try (InputStream in = content.open()) {
            int partSize = Math.toIntExact(settings.partSizeFor(sizeBytes));
            byte[] part = new byte[partSize];
            MessageDigest whole = ArtifactDigest.newSha256();
            List<CompletedPart> parts = new ArrayList<>();
            long sent = 0;
            for (int partNumber = 1; ; partNumber++) {
                int length = in.readNBytes(part, 0, partSize);
                if (length == 0) {
                    break;
                }
                sent += length;
                if (sent > sizeBytes) {
                    break;
                }
                whole.update(part, 0, length);
                MessageDigest partDigest = ArtifactDigest.newSha256();
                partDigest.update(part, 0, length);
                String partChecksum = Base64.getEncoder().encodeToString(partDigest.digest());
                int number = partNumber;
                byte[] bytes = part;
                UploadPartResponse response = s3.uploadPart(request -> request.bucket(bucket).key(key)
                                .uploadId(uploadId).partNumber(number).contentLength((long) length)
                                .checksumSHA256(partChecksum),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                                "application/octet-stream"));
                parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag())
                        .checksumSHA256(partChecksum).build());
            }
            // The server checked every part; the whole must be the artifact announced before it becomes visible.
            HashingCopy.requireUploadMatches(digest, sizeBytes,
                    new HashingCopy.Copied(sent, ArtifactDigest.of(whole.digest())), locationOf(digest));
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
            completed = true;
        } finally {
            if (!completed) {
                abortQuietly(key, uploadId);
            }
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // The upload stays behind as a partial upload; gc finds and aborts it.
        }
    }

    /** Copies the content into {@code scratchDirectory} once, hashing it; committing uploads that copy. */
    @Override
    public StagedArtifact stage(ArtifactContent content, long maxBytes, String fileName, Path scratchDirectory)
            throws IOException {
        LocalCopy copy = LocalCopy.of(content, maxBytes, scratchDirectory, "staged", fileName);
        return new StagedArtifact() {
            @Override
            public ArtifactDigest digest() {
                return copy.copied().digest();
            }

            @Override
            public long sizeBytes() {
                return copy.copied().sizeBytes();
            }

            @Override
            public Path file() {
                return copy.file();
            }

            @Override
            public void commit() throws IOException {
                put(digest(), sizeBytes(), ArtifactContent.of(copy.file()));
            }

            @Override
            public void close() throws IOException {
                copy.close();
            }
        };
    }

    /**
     * Copies the object to {@code PREFIX/quarantine/<hex>.<millis>} (with a {@code .json} note) and deletes it from its
     * address. S3 has no rename: a crash between the two leaves the damaged object in place, found again on the next pull.
     */
    @Override
    public Optional<String> quarantine(ArtifactDigest digest, String reason) throws IOException {
        Instant now = Instant.now();
        String target = prefix + QUARANTINE + digest.hex() + "." + now.toEpochMilli();
        try {
            s3.copyObject(request -> request.sourceBucket(bucket).sourceKey(keyOf(digest))
                    .destinationBucket(bucket).destinationKey(target));
            s3.putObject(request -> request.bucket(bucket).key(target + ".json").contentType("application/json"),
                    RequestBody.fromString(QuarantineNote.of(digest, locationOf(digest), now, reason)
                            .toPrettyString()));
            s3.deleteObject(request -> request.bucket(bucket).key(keyOf(digest)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == HTTP_NOT_FOUND) {
                return Optional.empty();
            }
            throw translate("quarantining " + locationOf(digest), e);
        }
        return Optional.of("s3://" + bucket + "/" + target);
    }

    @Override
    public Optional<Long> sizeOf(ArtifactDigest digest) throws IOException {
        try {
            return Optional.of(s3.headObject(request -> request.bucket(bucket).key(keyOf(digest))).contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == HTTP_NOT_FOUND) {
                return Optional.empty();
            }
            throw translate("looking up " + locationOf(digest), e);
        }
    }

    @Override
    public void download(ArtifactDigest digest, Path target) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in =
                     s3.getObject(request -> request.bucket(bucket).key(keyOf(digest)));
             OutputStream out = Files.newOutputStream(target)) {
            HashingCopy.Copied copied = HashingCopy.copy(in, out, Long.MAX_VALUE);
            HashingCopy.requireDownloadMatches(digest, copied, locationOf(digest));
        } catch (NoSuchKeyException e) {
            throw new ModelNotFoundException("artifact " + digest + " is missing from the store: no object "
                    + locationOf(digest) + ". If you still have the original file, push it again to restore it.", e);
        } catch (S3Exception e) {
            throw translate("download of " + locationOf(digest), e);
        }
    }

    @Override
    public List<StoredArtifact> list() throws IOException {
        List<StoredArtifact> artifacts = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket)
                    .prefix(prefix + OBJECTS)).contents()) {
                String hex = object.key().substring(prefix.length() + OBJECTS.length());
                if (hex.matches("[0-9a-f]{64}")) {
                    artifacts.add(new StoredArtifact(new ArtifactDigest(hex), object.size(), object.lastModified()));
                }
            }
        } catch (S3Exception e) {
            throw translate("listing " + location(), e);
        }
        return artifacts;
    }

    @Override
    public List<PartialUpload> partialUploads() throws IOException {
        List<PartialUpload> partial = new ArrayList<>();
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(request -> request.bucket(bucket)
                    .prefix(prefix + OBJECTS)).uploads()) {
                long bytes = 0;
                for (Part part : s3.listPartsPaginator(request -> request.bucket(bucket).key(upload.key())
                        .uploadId(upload.uploadId())).parts()) {
                    bytes += part.size();
                }
                partial.add(new PartialUpload(upload.uploadId() + "@" + upload.key(),
                        "s3://" + bucket + "/" + upload.key() + " (multipart upload " + upload.uploadId() + ")",
                        bytes, upload.initiated()));
            }
        } catch (S3Exception e) {
            throw translate("listing unfinished uploads in " + location(), e);
        }
        return partial;
    }

    @Override
    public void delete(ArtifactDigest digest) throws IOException {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(keyOf(digest)));
        } catch (S3Exception e) {
            throw translate("deleting " + locationOf(digest), e);
        }
    }

    @Override
    public void discard(PartialUpload upload) throws IOException {
        int at = upload.id().indexOf('@');
        if (at < 0 || !upload.id().startsWith(prefix + OBJECTS, at + 1)) {
            throw new IllegalArgumentException("not a partial upload of " + location() + ": " + upload.id());
        }
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(upload.id().substring(at + 1))
                    .uploadId(upload.id().substring(0, at)));
        } catch (S3Exception e) {
            throw translate("aborting " + upload.location(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    /** Opens the content for each attempt the SDK makes (it retries a failed request from the start). */
    private static ContentStreamProvider streams(ArtifactContent content) {
        return () -> {
            try {
                return content.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static String errorCode(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null ? "" : code;
    }

    private static IOException translate(String what, S3Exception e) {
        String code = errorCode(e);
        return new IOException(what + " failed: HTTP " + e.statusCode() + (code.isEmpty() ? "" : " " + code)
                + ": " + e.getMessage(), e);
    }
}
