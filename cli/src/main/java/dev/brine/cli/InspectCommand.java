package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.core.format.Inspection;
import dev.brine.core.format.Manifest;
import dev.brine.core.format.Provenance;
import dev.brine.core.model.TensorSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "inspect", description = "Show a model file's format, type, signature, tensors, manifest,"
        + " provenance and integrity state, without predicting.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE|URI", description = "A model file in any readable format, or models:/NAME@ALIAS.")
    String model;

    @picocli.CommandLine.Mixin
    RegistryFlags registryFlags;

    @picocli.CommandLine.Mixin
    LoadFlags loadFlags;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Inspection inspection = Models.inspect(registryFlags.localFile(model), loadFlags.options());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(inspection.toJson().toPrettyString());
        } else {
            print(inspection, out);
        }
        return 0;
    }

    private static void print(Inspection inspection, PrintWriter out) {
        List<List<String>> facts = new ArrayList<>();
        facts.add(List.of("file", inspection.file() + " (" + Text.bytes(inspection.fileBytes()) + ")"));
        facts.add(List.of("format", inspection.format() + inspection.manifest()
                .map(m -> " (format version " + m.formatVersion() + ")").orElse("")));
        facts.add(List.of("model type", inspection.modelType()));
        facts.add(List.of("inputs", specs(inspection.signature().inputs())));
        facts.add(List.of("outputs", specs(inspection.signature().outputs())));
        if (!inspection.signature().featureNames().isEmpty()) {
            facts.add(List.of("features", String.join(", ", inspection.signature().featureNames())));
        }
        if (!inspection.classLabels().isEmpty()) {
            facts.add(List.of("classes", String.join(", ", inspection.classLabels())));
        }
        inspection.training().ifPresent(training -> facts.add(List.of("training", "epoch " + training.epoch()
                + ", step " + training.step() + ", " + training.metricsHistory().size() + " metric records")));
        inspection.manifest().map(Manifest::provenance).ifPresent(p -> facts.add(List.of("provenance", describe(p))));
        facts.add(List.of("integrity", inspection.manifest().isPresent()
                ? "SHA-256 recorded for " + inspection.tensors().size() + " tensors (not checked here; run"
                        + " `brine verify " + inspection.file() + "`)"
                : "no digests recorded (plain " + inspection.format() + " file)"));
        inspection.otherMetadata().forEach((key, value) -> facts.add(List.of("metadata " + key, value)));
        inspection.manifest().filter(m -> !m.userMetadata().members().isEmpty())
                .ifPresent(m -> facts.add(List.of("user metadata", m.userMetadata().toString())));
        inspection.manifest().filter(m -> !m.config().members().isEmpty())
                .ifPresent(m -> facts.add(List.of("config", m.config().toString())));
        out.print(Text.table(facts));
        out.println();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("tensor", "dtype", "shape", "bytes", "role"));
        long total = 0;
        for (Inspection.TensorInfo tensor : inspection.tensors()) {
            rows.add(List.of(tensor.name(), tensor.dtype(), Arrays.toString(tensor.shape()),
                    Long.toString(tensor.bytes()), tensor.role().map(r -> r.jsonName()).orElse("-")));
            total += tensor.bytes();
        }
        out.print(Text.table(rows));
        out.println(inspection.tensors().size() + " tensors, " + Text.bytes(total));
    }

    private static String specs(List<TensorSpec> specs) {
        return specs.isEmpty() ? "unknown" : String.join("; ", specs.stream().map(TensorSpec::toString).toList());
    }

    private static String describe(Provenance provenance) {
        StringBuilder text = new StringBuilder("written by Brine " + provenance.brineVersion() + " on JDK "
                + provenance.jdk() + " at " + provenance.createdAt());
        provenance.sourceFormat().ifPresent(format -> text.append("; converted from ").append(format)
                .append(provenance.sourceFile().map(f -> " " + f).orElse(""))
                .append(provenance.sourceSha256().map(d -> " (sha256 " + d + ")").orElse("")));
        provenance.parentFile().ifPresent(parent -> text.append("; trained from ").append(parent)
                .append(provenance.parentSha256().map(d -> " (sha256 " + d + ")").orElse("")));
        return text.toString();
    }
}
