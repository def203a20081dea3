package dev.brine.keras;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.io.FileBytes;
import dev.brine.core.io.ZipArchive;
import dev.brine.core.io.ZipEntry;
import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.keras.config.ArchitectureReader;
import dev.brine.keras.config.KerasArchitecture;
import dev.brine.keras.config.KerasVersion;
import dev.brine.keras.hdf5.Hdf5Archive;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Keras 3 {@code .keras} archive (also written by Keras 2.13–2.15): {@code metadata.json}, {@code config.json} and
 * {@code model.weights.h5} in a ZIP (docs/interop.md), read through core's {@link ZipArchive}: only those entries,
 * nothing extracted to disk; Keras stores entries uncompressed, so the weights stay slices of the mapped file.
 */
final class KerasArchive {

    private KerasArchive() {
    }

    static boolean isArchive(Path path) {
        return ZipArchive.looksLikeZip(FileBytes.head(path, 4));
    }

    static KerasModel read(Path path, Limits limits) {
        String source = path.toString();
        ZipArchive zip = ZipArchive.open(FileBytes.map(path), source, limits);
        Json.JsonObject metadata = Keras.object(text(zip, "metadata.json", limits), source + "!metadata.json", limits);
        KerasVersion version = new KerasVersion(metadata.getOrNull("keras_version") instanceof Json.JsonString s
                ? s.value() : "");
        Json.JsonObject config = Keras.object(text(zip, "config.json", limits), source + "!config.json", limits);
        ZipEntry weightsEntry = zip.entry("model.weights.h5").orElseThrow(() -> new UnsupportedModelException(source
                + ": the archive has no model.weights.h5" + (zip.entry("model.weights.npz").isPresent()
                ? " (its weights are in .npz form, which Brine does not read)" : "") + "."));
        Hdf5Archive archive = Hdf5Archive.open(zip.data(weightsEntry), source + "!model.weights.h5", limits);
        KerasArchitecture architecture = ArchitectureReader.read(config, version, limits, source);
        Optional<Json> training = Optional.ofNullable(config.getOrNull("compile_config"))
                .filter(value -> value != Json.JsonNull.NULL);
        KerasFile file = new KerasFile(Keras.FORMAT_ARCHIVE, version, "", training, optimizerVariables(archive));
        return new KerasModel(new KerasGraph(architecture, new Keras3Weights(archive), limits, source), file);
    }

    private static List<NamedTensor> optimizerVariables(Hdf5Archive archive) {
        List<NamedTensor> out = new ArrayList<>();
        for (int i = 0; archive.hasDataset("optimizer/vars/" + i); i++) {
            out.add(new NamedTensor("optimizer/vars/" + i, archive.dataset("optimizer/vars/" + i),
                    TensorRole.OPTIMIZER_STATE));
        }
        return out;
    }

    private static String text(ZipArchive zip, String name, Limits limits) {
        ZipEntry entry = zip.entry(name).orElseThrow(() -> new CorruptModelException(zip.source()
                + ": the .keras archive has no " + name + "."));
        Limits.check(zip.source() + "!" + name + ": size", entry.size(), limits.maxHeaderBytes(), "maxHeaderBytes");
        MemorySegment bytes = zip.data(entry);
        return new String(bytes.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
