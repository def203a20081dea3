package dev.brine.server;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Brine model server: the Open Inference Protocol v2 over HTTP/1.1 (the JDK's HTTP server, one virtual thread
 * per request), models from {@link ModelSource}s kept current by polling, Prometheus metrics and graceful stop.
 *
 * <pre>{@code
 * try (BrineServer server = BrineServer.builder()
 *         .port(8080)
 *         .model("iris", ModelSource.file(Path.of("iris.brine")))
 *         .start()) {
 *     // POST http://127.0.0.1:8080/v2/models/iris/infer
 * }
 * }</pre>
 */
public final class BrineServer implements AutoCloseable {
    /** How long {@link #close()} waits for requests in progress. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    /** How long loading and probing one version may take unless {@link Builder#loadTimeout} says otherwise. */
    public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofMinutes(2);

    private final HttpServer http;
    private final Router router;
    private final Reloader reloader;
    private final Deadlines deadlines;
    private final Admission admission;
    private final EventLog log;
    private final URI uri;
    private volatile boolean accepting = true;
    private boolean stopped;

    private BrineServer(HttpServer http, Router router, Reloader reloader, Deadlines deadlines, Admission admission,
                        EventLog log) {
        this.http = http;
        this.router = router;
        this.reloader = reloader;
        this.deadlines = deadlines;
        this.admission = admission;
        this.log = log;
        InetSocketAddress address = http.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the one the system chose when built with port 0). */
    public int port() {
        return uri.getPort();
    }

    /** {@code http://host:port}, to reach the server from this machine. */
    public URI uri() {
        return uri;
    }

    /**
     * Stops: readiness turns false and new inference requests get 503; requests in progress get up to
     * {@code grace} to finish and send their responses; then the listening socket and every connection close.
     */
    public synchronized void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        long start = System.nanoTime();
        accepting = false;
        admission.close();
        reloader.close();
        int inProgress = router.active();
        long deadline = start + grace.toNanos();
        // Our own count, not HttpServer.stop(delay)'s: the JDK counts an exchange closed without a response (a
        // slow client we disconnected) as running forever, so its stop would always wait the whole delay.
        while (router.active() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int cutOff = router.active();
        http.stop(0);
        deadlines.close();
        log.info("server_stopped", "uri", uri, "in_progress_at_stop", inProgress, "cut_off", cutOff, "ms",
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    /** Configures and starts a server. */
    public static final class Builder {
        private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

        private String host = "127.0.0.1";
        private int port = 8080;
        private final Map<String, List<ModelSource>> models = new LinkedHashMap<>();
        private ServerLimits limits = ServerLimits.DEFAULTS;
        private Duration pollInterval = Duration.ofSeconds(2);
        private Duration loadTimeout = DEFAULT_LOAD_TIMEOUT;
        private Batching batching = Batching.OFF;
        private Consumer<String> log = System.err::println;

        private Builder() {
        }

        /** The interface to listen on: {@code 127.0.0.1} (default, this machine only) or {@code 0.0.0.0}. */
        public Builder host(String value) {
            host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The port; 0 lets the system choose a free one (see {@link BrineServer#port()}). */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + value);
            }
            port = value;
            return this;
        }

        /**
         * Serves {@code source} as model {@code name}. Giving a name several sources (two registry aliases) serves
         * each one's version under {@code /versions/V}; the first is the default.
         */
        public Builder model(String name, ModelSource source) {
            if (!MODEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("model name \"" + name + "\": use letters, digits, '-', '_', '.'");
            }
            models.computeIfAbsent(name, ignored -> new ArrayList<>()).add(Objects.requireNonNull(source));
            return this;
        }

        public Builder limits(ServerLimits value) {
            limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** How often sources are checked for a new version (default 2 s). */
        public Builder pollInterval(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, was " + value);
            }
            pollInterval = value;
            return this;
        }

        /**
         * How long loading and probing one version may take (default 2 min): a version that takes longer is refused
         * and the one serving goes on serving; the next revision of the source is loaded as usual.
         */
        public Builder loadTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("loadTimeout must be positive, was " + value);
            }
            loadTimeout = value;
            return this;
        }

        public Builder batching(Batching value) {
            batching = Objects.requireNonNull(value, "batching");
            return this;
        }

        /** Where the structured log lines go (default standard error). */
        public Builder log(Consumer<String> value) {
            log = Objects.requireNonNull(value, "log");
            return this;
        }

        /**
         * Loads every model (a model that fails to load fails the start with its exception: a
         * {@link dev.brine.core.BrineException} says what was wrong), then starts listening.
         */
        public BrineServer start() {
            if (models.isEmpty()) {
                throw new IllegalStateException("no models to serve: add at least one with model(name, source)");
            }
            EventLog events = new EventLog(log);
            Admission admission = new Admission(limits.maxConcurrentRequests());
            Metrics metrics = new Metrics(admission::inFlight);
            Catalog catalog = new Catalog(models);
            Reloader reloader = new Reloader(catalog, metrics, events, batching, loadTimeout);
            reloader.loadAll();
            Deadlines deadlines = new Deadlines(limits.requestTimeout());
            HttpServer http;
            try {
                http = HttpServer.create(new InetSocketAddress(host, port), 1024);
            } catch (IOException e) {
                deadlines.close();
                throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
            }
            BrineServer[] server = new BrineServer[1];
            Router router = new Router(catalog, metrics, events, deadlines,
                    new InferenceEndpoints(limits, admission, deadlines), () -> server[0].accepting);
            http.createContext("/", router);
            ThreadFactory threads = Thread.ofVirtual().name("brine-request-", 0).factory();
            http.setExecutor(exchange -> threads.newThread(() -> deadlines.run(exchange)).start());
            server[0] = new BrineServer(http, router, reloader, deadlines, admission, events);
            http.start();
            reloader.start(pollInterval);
            events.info("server_started", "uri", server[0].uri, "models", String.join(",", models.keySet()),
                    "max_body_bytes", limits.maxBodyBytes(), "max_batch_rows", limits.maxBatchRows(),
                    "max_buffered_bytes", limits.maxBufferedBytes(), "max_concurrent_requests",
                    limits.maxConcurrentRequests(), "request_timeout_ms",
                    limits.requestTimeout().toMillis(), "batching", batching.enabled()
                            ? batching.maxRows() + " rows/" + batching.maxDelay().toNanos() / 1000 + "us" : "off");
            return server[0];
        }
    }
}
