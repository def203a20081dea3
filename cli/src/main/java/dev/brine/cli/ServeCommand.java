package dev.brine.cli;

import dev.brine.registry.ModelUri;
import dev.brine.registry.Registry;
import dev.brine.server.Batching;
import dev.brine.server.BrineServer;
import dev.brine.server.ModelSource;
import dev.brine.server.ServerLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = "Serve models over HTTP (Open Inference Protocol v2, plus /v2/models/NAME/predict"
        + " and /metrics). Models come from files (NAME=PATH, reloaded when the file is replaced) or the registry"
        + " (NAME@ALIAS, NAME/VERSION, NAME = latest; followed when the alias moves).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "NAME=PATH, NAME@ALIAS,"
            + " NAME/VERSION or NAME. Repeatable; a name given twice serves both versions.")
    List<String> models = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--poll", defaultValue = "2s", paramLabel = "DURATION", description = "How often to look for a"
            + " moved alias or a replaced file (2s, 500ms, 1m…; default ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--max-body-bytes", defaultValue = "16MiB", paramLabel = "SIZE", converter = Units.Size.class,
            description = "Largest request body (16MiB, 1GB… or bytes; default ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-buffered-bytes", defaultValue = "256MiB", paramLabel = "SIZE",
            converter = Units.Size.class, description = "Room for large request bodies held at once, all requests"
            + " together (default ${DEFAULT-VALUE}; at least --max-body-bytes).")
    long maxBufferedBytes;

    @Option(names = "--max-batch-rows", defaultValue = "100000", paramLabel = "N",
            description = "Most rows one request may ask for (default ${DEFAULT-VALUE}).")
    int maxBatchRows;

    @Option(names = "--max-concurrent", defaultValue = "64", paramLabel = "N", description = "Requests predicted at"
            + " once (default ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--request-timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "Longest a request may take to arrive, wait for a slot and be read back (default"
            + " ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--batch-rows", defaultValue = "1", paramLabel = "N", description = "Group concurrent requests to"
            + " one model into batches of up to this many rows (default ${DEFAULT-VALUE}: off).")
    int batchRows;

    @Option(names = "--batch-delay", defaultValue = "2ms", paramLabel = "DURATION",
            description = "Longest a request waits for a batch to fill (default ${DEFAULT-VALUE}).")
    Duration batchDelay;

    @Option(names = "--grace", defaultValue = "10s", paramLabel = "DURATION",
            description = "On shutdown, how long in-flight requests may finish (default ${DEFAULT-VALUE}).")
    Duration grace;

    @CommandLine.Mixin
    RegistryFlags registryFlags;

    @CommandLine.Mixin
    LoadFlags loadFlags;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** NAME@ALIAS, NAME/VERSION, NAME/latest, or a bare NAME: its latest version. */
    static ModelUri registryUri(String model) {
        String name = model.startsWith(ModelUri.SCHEME) ? model.substring(ModelUri.SCHEME.length()) : model;
        return name.contains("@") || name.contains("/") ? ModelUri.parse(ModelUri.SCHEME + name)
                : ModelUri.latest(name);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        BrineServer.Builder builder = BrineServer.builder().host(host).port(port).pollInterval(poll)
                .limits(new ServerLimits(maxBodyBytes, Math.max(maxBufferedBytes, maxBodyBytes), maxBatchRows,
                        maxConcurrent, requestTimeout))
                .batching(batchRows > 1 ? Batching.of(batchRows, batchDelay) : Batching.OFF)
                .log(line -> {
                    out.println(line);
                    out.flush();
                });
        Registry registry = null;
        for (String model : models) {
            int equals = model.indexOf('=');
            if (equals > 0) {
                builder.model(model.substring(0, equals), ModelSource.file(Path.of(model.substring(equals + 1)),
                        loadFlags.options()));
            } else {
                if (registry == null) {
                    registry = registryFlags.open();
                }
                builder.model(registryUri(model).name(), ModelSource.registry(registry, registryUri(model).toString(),
                        loadFlags.options()));
            }
        }
        BrineServer server;
        try {
            server = builder.start();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": the port is in use"
                        + " (another server?) or not allowed. Pick another with --port, or --port 0 for a free one.");
            }
            throw e;
        }
        out.println("brine serve: listening on " + server.uri() + " (" + models.size() + " model source"
                + (models.size() == 1 ? "" : "s") + "); Ctrl-C stops after in-flight requests finish");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Registry opened = registry;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(grace);
            if (opened != null) {
                opened.close();
            }
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
