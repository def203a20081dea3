package dev.brine.keras;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.keras.config.ArchitectureReader;
import dev.brine.keras.config.KerasArchitecture;
import dev.brine.keras.config.KerasVersion;
import dev.brine.keras.hdf5.Hdf5Archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A Keras 3 {@code .keras} archive (also written by Keras 2.13–2.15): {@code metadata.json}, {@code config.json} and
 * {@code model.weights.h5} in a ZIP (FORMATS.md §6.3). Only those entries are read, nothing is extracted to disk,
 * and each is read with its size bounded by the limits whatever the ZIP declares (a ZIP bomb stops at the limit).
 */
final class KerasArchive {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private KerasArchive() {
    }

    static boolean isArchive(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return java.util.Arrays.equals(in.readNBytes(4), ZIP_MAGIC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    static KerasModel read(Path path, Limits limits) {
        String source = path.toString();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Json.JsonObject metadata = Keras.object(text(zip, "metadata.json", source, limits),
                    source + " metadata.json", limits);
            KerasVersion version = new KerasVersion(metadata.getOrNull("keras_version") instanceof Json.JsonString s
                    ? s.value() : "");
            Json.JsonObject config = Keras.object(text(zip, "config.json", source, limits), source + " config.json",
                    limits);
            if (zip.getEntry("model.weights.h5") == null) {
                throw new UnsupportedModelException(source + ": the archive has no model.weights.h5"
                        + (zip.getEntry("model.weights.npz") != null ? " (its weights are in .npz form, which Brine"
                        + " does not read)" : "") + ".");
            }
            MemorySegment weights = bytes(zip, "model.weights.h5", source, limits.maxInMemoryBytes());
            Hdf5Archive archive = Hdf5Archive.open(weights, source + "!model.weights.h5", limits);
            KerasArchitecture architecture = ArchitectureReader.read(config, version, limits, source);
            Optional<Json> training = Optional.ofNullable(config.getOrNull("compile_config"))
                    .filter(value -> value != Json.JsonNull.NULL);
            KerasFile file = new KerasFile(Keras.FORMAT_ARCHIVE, version, "", training, optimizerVariables(archive));
            return new KerasModel(new KerasGraph(architecture, new Keras3Weights(archive), limits, source), file);
        } catch (java.util.zip.ZipException e) {
            throw new CorruptModelException(source + ": not a valid .keras archive (" + e.getMessage() + ").", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static List<NamedTensor> optimizerVariables(Hdf5Archive archive) {
        List<NamedTensor> out = new ArrayList<>();
        for (int i = 0; archive.hasDataset("optimizer/vars/" + i); i++) {
            out.add(new NamedTensor("optimizer/vars/" + i, archive.dataset("optimizer/vars/" + i),
                    TensorRole.OPTIMIZER_STATE));
        }
        return out;
    }

    private static String text(ZipFile zip, String name, String source, Limits limits) throws IOException {
        if (zip.getEntry(name) == null) {
            throw new CorruptModelException(source + ": the .keras archive has no " + name + ".");
        }
        MemorySegment bytes = bytes(zip, name, source, limits.maxHeaderBytes());
        return new String(bytes.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** An entry's bytes, refusing more than {@code limit} however large the entry claims or turns out to be. */
    private static MemorySegment bytes(ZipFile zip, String name, String source, long limit) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry.getSize() >= 0) {
            Limits.check(source + "!" + name + ": declared size", entry.getSize(), limit, "maxInMemoryBytes");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] data = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
            if (in.read() >= 0) {
                throw new CorruptModelException(source + "!" + name + " is larger than the limit of " + limit
                        + " bytes (maxInMemoryBytes).");
            }
            MemorySegment segment = Arena.ofAuto().allocate(Math.max(1, data.length)).asSlice(0, data.length);
            segment.copyFrom(MemorySegment.ofArray(data));
            return segment;
        }
    }
}
