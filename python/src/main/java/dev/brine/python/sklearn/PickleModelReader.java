package dev.brine.python.sklearn;

import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelReader;
import dev.brine.python.torch.TorchArchives;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code Models.load} of a plain pickle ({@code .pkl}, {@code .pickle}) holding a scikit-learn estimator. Protocol
 * 2–5 pickles are recognised by their PROTO opcode; older ones by extension. Uncompressed joblib files are pickles
 * too, but {@code .joblib} names go to {@link JoblibModelReader}.
 */
public final class PickleModelReader implements ModelReader {

    @Override
    public String formatName() {
        return "pickle";
    }

    @Override
    public Detection detect(byte[] head, String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".joblib") || TorchArchives.isLegacy(head)) {
            return Detection.NO;
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return Detection.MAGIC;
        }
        return name.endsWith(".pkl") || name.endsWith(".pickle") ? Detection.EXTENSION : Detection.NO;
    }

    @Override
    public Model read(Path path, LoadOptions options) {
        return SklearnModels.read(path, options.limits());
    }
}
