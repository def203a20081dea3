package dev.brine.keras;

import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Lets {@code Models.load} read Keras files: HDF5 by its signature (at offset 0; a user block moves it, so
 * {@code .h5}/{@code .hdf5}/{@code .keras} extensions count too), and a {@code .keras} ZIP whose first entry is
 * {@code metadata.json} (Keras writes it first) or that carries the extension.
 */
public final class KerasReader implements ModelReader {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};
    private static final byte[] KERAS_FIRST_ENTRY = "metadata.json".getBytes(StandardCharsets.US_ASCII);
    /** Offset of the file name in a ZIP local file header. */
    private static final int ZIP_NAME_OFFSET = 30;

    @Override
    public String formatName() {
        return "keras";
    }

    @Override
    public Detection detect(byte[] head, String fileName) {
        if (head.length >= 8 && Arrays.equals(head, 0, 8, HDF5_SIGNATURE, 0, 8)) {
            return Detection.MAGIC;
        }
        if (head.length >= ZIP_NAME_OFFSET + KERAS_FIRST_ENTRY.length && head[0] == 'P' && head[1] == 'K'
                && Arrays.equals(head, ZIP_NAME_OFFSET, ZIP_NAME_OFFSET + KERAS_FIRST_ENTRY.length,
                KERAS_FIRST_ENTRY, 0, KERAS_FIRST_ENTRY.length)) {
            return Detection.MAGIC;
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".keras") ? Detection.EXTENSION
                : Detection.NO;
    }

    @Override
    public Model read(Path path, LoadOptions options) {
        return Keras.load(path, options);
    }
}
