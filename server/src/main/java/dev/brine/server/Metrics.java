package dev.brine.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics, rendered in the text exposition format (version 0.0.4) at {@code /metrics}.
 * Label values are bounded: model names come from the configuration, versions from successful loads, statuses
 * from the server; nothing a client sends becomes a label.
 */
final class Metrics {
    private record VersionKey(String model, String version) {
    }

    private final Map<VersionKey, VersionMetrics> versions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> swaps = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> loadFailures = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> httpRequestsByStatus = new ConcurrentHashMap<>();
    private final IntSupplier inFlight;

    Metrics(IntSupplier inFlight) {
        this.inFlight = inFlight;
    }

    /** The counters of a version; a version label that comes back (a rollback) continues its counters. */
    VersionMetrics forVersion(String model, String version) {
        return versions.computeIfAbsent(new VersionKey(model, version), key -> new VersionMetrics(model, version));
    }

    void swapped(String model) {
        swaps.computeIfAbsent(model, ignored -> new LongAdder()).increment();
    }

    void loadFailed(String model) {
        loadFailures.computeIfAbsent(model, ignored -> new LongAdder()).increment();
    }

    long loadFailures(String model) {
        LongAdder count = loadFailures.get(model);
        return count == null ? 0 : count.sum();
    }

    void httpRequest(int status) {
        httpRequestsByStatus.computeIfAbsent(status, ignored -> new LongAdder()).increment();
    }

    /** {@code loaded} lists the versions taking traffic now. */
    String render(List<LiveVersion> loaded) {
        StringBuilder out = new StringBuilder(4096);
        List<VersionMetrics> all = new ArrayList<>(versions.values());
        all.sort(Comparator.comparing((VersionMetrics m) -> m.model).thenComparing(m -> m.version));

        header(out, "brine_http_requests_total", "counter", "HTTP requests by status, all paths.");
        httpRequestsByStatus.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                out.append("brine_http_requests_total{code=\"").append(entry.getKey()).append("\"} ")
                        .append(entry.getValue().sum()).append('\n'));

        header(out, "brine_requests_total", "counter", "Inference requests by model, version and status.");
        for (VersionMetrics metrics : all) {
            metrics.requestsByStatus.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                    out.append("brine_requests_total{").append(labels(metrics)).append("code=\"")
                            .append(entry.getKey()).append("\"} ").append(entry.getValue().sum()).append('\n'));
        }

        header(out, "brine_request_duration_seconds", "histogram",
                "Inference request latency from the body received to the response written.");
        for (VersionMetrics metrics : all) {
            metrics.latency.render(out, "brine_request_duration_seconds", labels(metrics));
        }

        header(out, "brine_rows_predicted_total", "counter", "Rows predicted by model and version.");
        for (VersionMetrics metrics : all) {
            out.append("brine_rows_predicted_total{").append(withoutTrailingComma(labels(metrics))).append("} ")
                    .append(metrics.rowsPredicted.sum()).append('\n');
        }

        header(out, "brine_model_loaded", "gauge", "1 for each model version taking traffic.");
        for (LiveVersion version : loaded) {
            out.append("brine_model_loaded{").append(withoutTrailingComma(labels(version.metrics()))).append("} 1\n");
        }

        counterPerModel(out, "brine_model_swaps_total", "Versions that replaced another one.", swaps);
        counterPerModel(out, "brine_model_load_failures_total",
                "Loads that failed or were refused; the previous version kept serving.", loadFailures);

        header(out, "brine_requests_in_flight", "gauge", "Inference requests predicting now.");
        out.append("brine_requests_in_flight ").append(inFlight.getAsInt()).append('\n');
        return out.toString();
    }

    private static void counterPerModel(StringBuilder out, String name, String help, Map<String, LongAdder> counts) {
        header(out, name, "counter", help);
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                out.append(name).append("{model=\"").append(escape(entry.getKey())).append("\"} ")
                        .append(entry.getValue().sum()).append('\n'));
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String labels(VersionMetrics metrics) {
        return "model=\"" + escape(metrics.model) + "\",version=\"" + escape(metrics.version) + "\",";
    }

    private static String withoutTrailingComma(String labels) {
        return labels.substring(0, labels.length() - 1);
    }

    /** Label values escape backslash, double quote and newline. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
