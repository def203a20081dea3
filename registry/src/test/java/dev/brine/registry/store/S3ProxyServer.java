package dev.brine.registry.store;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.Constants;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A real S3 server in this JVM: S3Proxy over its filesystem blob store, on 127.0.0.1 and a free port, with SigV4
 * authentication, so requests go through the same HTTP, signing and checksum paths as against AWS.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "brine-test-access";
    public static final String SECRET_KEY = "brine-test-secret";

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final URI endpoint;

    private S3ProxyServer(S3Proxy proxy, BlobStore blobStore, URI endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
    }

    /** Starts a server keeping its buckets under {@code directory}. */
    public static S3ProxyServer start(Path directory) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        properties.setProperty(Constants.PROPERTY_IDENTITY, ACCESS_KEY);
        properties.setProperty(Constants.PROPERTY_CREDENTIAL, SECRET_KEY);
        BlobStore blobStore = BlobStores.create("filesystem-nio2", properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.onSpinWait();
        }
        return new S3ProxyServer(proxy, blobStore, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Settings settings() {
        return S3Settings.forEndpoint(endpoint, ACCESS_KEY, SECRET_KEY);
    }

    /** The variables a child process needs to reach this server through {@link S3Settings#fromEnvironment}. */
    public Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL", endpoint.toString(), "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", "us-east-1");
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            blobStore.close();
        }
    }
}
