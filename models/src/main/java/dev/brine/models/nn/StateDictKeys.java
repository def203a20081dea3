package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.NamedTensor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a state dict into a network whose module names may differ from the file's by a prefix, as saved state dicts
 * do: {@code module.} from {@code nn.DataParallel}, {@code model.} from a wrapping LightningModule, or none where the
 * architecture names the wrapper. {@link LoadOptions#stripPrefix()} removes a prefix from the keys that carry it,
 * {@link LoadOptions#prefix()} puts one before every key; without either, a prefix is detected when exactly one fits
 * every key of the architecture, and the mapping is logged as a warning (the CLI prints it), never applied silently.
 * Several fitting prefixes are an {@link IncompatibleModelException} listing them and the flag to choose one.
 */
public final class StateDictKeys {

    private static final System.Logger LOG = System.getLogger("dev.brine.nn");

    private StateDictKeys() {
    }

    /** A prefix to remove ({@code strip}) from, or to put before ({@code !strip}), the file's keys. */
    private record Mapping(String prefix, boolean strip) {
        String apply(String key) {
            return strip ? key.startsWith(prefix) ? key.substring(prefix.length()) : key : prefix + key;
        }

        String flag() {
            return (strip ? "--strip-prefix " : "--prefix ") + prefix;
        }

        String example(String key) {
            return "'" + prefix + "' " + (strip ? "stripped: " : "added: ") + key + " → " + apply(key);
        }
    }

    /**
     * Loads {@code tensors} into {@code network} as the options say (prefixes, strictness), naming {@code source} in
     * every message; returns what the load found (clean when strict).
     */
    public static LoadReport load(Sequential network, List<NamedTensor> tensors, LoadOptions options, String source) {
        Set<String> expected = new LinkedHashSet<>();
        network.state().forEach(entry -> expected.add(entry.name()));
        Set<String> given = new LinkedHashSet<>();
        tensors.forEach(tensor -> given.add(tensor.name()));
        List<Mapping> mappings = new ArrayList<>();
        options.stripPrefix().ifPresent(prefix -> mappings.add(new Mapping(prefix, true)));
        options.prefix().ifPresent(prefix -> mappings.add(new Mapping(prefix, false)));
        if (mappings.isEmpty() && !given.containsAll(expected)) {
            detected(expected, given, source).ifPresent(mapping -> {
                LOG.log(System.Logger.Level.WARNING, source + ": state-dict keys mapped to the architecture, prefix "
                        + mapping.example(keyWith(mapping, given)) + " (give " + mapping.flag() + " to say so)");
                mappings.add(mapping);
            });
        }
        List<NamedTensor> renamed = tensors.stream().map(tensor -> {
            String name = tensor.name();
            for (Mapping mapping : mappings) name = mapping.apply(name);
            return new NamedTensor(name, tensor.tensor(), tensor.role());
        }).toList();
        LoadReport report;
        try {
            report = network.loadStateDict(renamed, options.strict());
        } catch (IncompatibleModelException e) {
            throw new IncompatibleModelException(source + ": " + e.getMessage() + (options.stripPrefix().isEmpty()
                    && options.prefix().isEmpty() ? "; if the keys differ by a prefix, give --strip-prefix P or "
                    + "--prefix P" : ""), e);
        }
        if (!report.clean()) {
            LOG.log(System.Logger.Level.WARNING, source + ": loaded non-strictly, " + report
                    + " (missing weights stay zero, unexpected and mismatched tensors are left out)");
        }
        return report;
    }

    /** The one prefix (to strip or to add) under which every expected key is in the file; empty if none. */
    private static Optional<Mapping> detected(Set<String> expected, Set<String> given, String source) {
        String first = expected.iterator().next();
        Set<Mapping> fitting = new LinkedHashSet<>();
        for (String key : given) {
            if (key.length() > first.length() && key.endsWith("." + first)) {
                fitting.add(new Mapping(key.substring(0, key.length() - first.length()), true));
            }
            if (first.length() > key.length() && first.endsWith("." + key)) {
                fitting.add(new Mapping(first.substring(0, first.length() - key.length()), false));
            }
        }
        fitting.removeIf(mapping -> !expected.stream().allMatch(name -> mapping.strip()
                ? given.contains(mapping.prefix() + name)
                : name.startsWith(mapping.prefix()) && given.contains(name.substring(mapping.prefix().length()))));
        if (fitting.size() > 1) {
            throw new IncompatibleModelException(source + ": the state dict fits the architecture under "
                    + fitting.size() + " prefixes: " + String.join("; ", fitting.stream().map(mapping ->
                    mapping.example(keyWith(mapping, given))).toList()) + ". Choose one with "
                    + String.join(" or ", fitting.stream().map(Mapping::flag).toList())
                    + " (add --non-strict to leave the other keys out)");
        }
        return fitting.stream().findFirst();
    }

    /** A key of the file the mapping changes, for the message. */
    private static String keyWith(Mapping mapping, Set<String> given) {
        return given.stream().filter(key -> !mapping.strip() || key.startsWith(mapping.prefix())).findFirst()
                .orElseThrow();
    }
}
