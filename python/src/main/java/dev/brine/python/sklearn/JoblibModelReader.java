package dev.brine.python.sklearn;

import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelReader;
import dev.brine.python.io.Decompression;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code Models.load} of a {@code joblib.dump} file holding a scikit-learn estimator: compressed ones (zlib, gzip,
 * bz2, lzma, xz, lz4) by their magic bytes whatever their name, uncompressed ones by the {@code .joblib} name.
 */
public final class JoblibModelReader implements ModelReader {

    @Override
    public String formatName() {
        return "joblib";
    }

    @Override
    public Detection detect(byte[] head, String fileName) {
        boolean joblibName = fileName.toLowerCase(Locale.ROOT).endsWith(".joblib");
        if (Decompression.detect(head).isPresent() || Decompression.isLegacyJoblib(head)) {
            return Detection.MAGIC;
        }
        if (joblibName) {
            return head.length >= 2 && (head[0] & 0xFF) == 0x80 ? Detection.MAGIC : Detection.EXTENSION;
        }
        return Detection.NO;
    }

    @Override
    public Model read(Path path, LoadOptions options) {
        return SklearnModels.read(path, options.limits());
    }
}
