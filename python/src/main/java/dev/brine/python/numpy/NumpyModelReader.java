package dev.brine.python.numpy;

import dev.brine.core.io.ZipArchive;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelReader;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code .npy} and {@code .npz} files as named arrays, so that {@code inspect}, {@code convert} (to {@code .brine} or
 * safetensors) and {@code scan} take them like model files: a {@code .npy} is one tensor named after the file
 * ({@code X.npy} → {@code X}), an {@code .npz} one tensor per member ({@code weights.npy} → {@code weights}). They
 * are data, not models: they cannot predict. Object arrays are refused as unsafe (they are pickles).
 */
public final class NumpyModelReader implements ModelReader {
    public static final String FORMAT = "numpy";

    @Override
    public String formatName() {
        return FORMAT;
    }

    @Override
    public Detection detect(byte[] head, String fileName) {
        if (NumpyFiles.hasMagic(head) || ZipArchive.looksLikeZip(head) && firstEntryName(head).endsWith(".npy")) {
            return Detection.MAGIC;
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".npy") || name.endsWith(".npz") ? Detection.EXTENSION : Detection.NO;
    }

    /** The name in the first ZIP local header: its length at offset 26, the name from offset 30. */
    private static String firstEntryName(byte[] head) {
        if (head.length < 30) {
            return "";
        }
        int length = (head[26] & 0xFF) | (head[27] & 0xFF) << 8;
        return new String(head, 30, Math.min(length, head.length - 30), StandardCharsets.UTF_8);
    }

    @Override
    public Model read(Path path, LoadOptions options) {
        return new StateDict(arrays(path, options).entrySet().stream()
                .map(entry -> new NamedTensor(entry.getKey(), entry.getValue(), TensorRole.PARAMETER)).toList());
    }

    /** The arrays of a numpy file by name (see the class comment for the names). */
    public static Map<String, Tensor> arrays(Path path, LoadOptions options) {
        String name = path.getFileName().toString();
        if (NumpyFiles.hasMagic(head(path))) {
            String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            return Map.of(stem, NumpyFiles.read(path, options.limits()));
        }
        return NumpyFiles.readNpz(path, options.limits());
    }

    private static byte[] head(Path path) {
        try (var in = java.nio.file.Files.newInputStream(path)) {
            return in.readNBytes(8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + path, e);
        }
    }

    /** One line per array: {@code name dtype [shape]}. */
    public static List<String> describe(List<NamedTensor> arrays) {
        List<String> lines = new ArrayList<>();
        arrays.forEach(array -> lines.add(array.name() + " " + array.tensor().dtype() + " " + array.tensor().shape()));
        return lines;
    }
}
