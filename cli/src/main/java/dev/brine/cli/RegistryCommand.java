package dev.brine.cli;

import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import dev.brine.registry.Registry;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** What every registry command shares: where the registry is, {@code --json}, and printing. */
abstract class RegistryCommand implements Callable<Integer> {

    @CommandLine.Mixin
    RegistryFlags registryFlags;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        try (Registry registry = registryFlags.open(limits())) {
            run(registry);
        }
        return 0;
    }

    abstract void run(Registry registry);

    /** The budget of the files the command reads (push inspects and scans what it stores). */
    Limits limits() {
        return LimitFlags.environment();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** One result: its JSON with --json, else its text. */
    void print(Json.JsonObject asJson, String asText) {
        out().println(json ? asJson.toPrettyString() : asText);
    }

    /** A list: a JSON array with --json, else one line per item. */
    <T> void printAll(List<T> items, Function<T, Json.JsonObject> asJson, Function<T, String> asText) {
        if (json) {
            out().println(Json.array(items.stream().map(item -> (Json) asJson.apply(item)).toList()).toPrettyString());
        } else {
            items.forEach(item -> out().println(asText.apply(item)));
        }
    }
}
