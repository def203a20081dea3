package dev.brine.python.torch;

import dev.brine.core.Models;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.tensor.Tensor;
import dev.brine.python.Fixtures;
import dev.brine.python.numpy.NumpyFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed flow: {@code torch.save(resnet18.state_dict())} loads with {@code --arch torchvision.resnet18} and predicts
 * what torchvision 0.14 does within 1e-4 of the logits' scale (fixtures/torch_catalog, written by make_catalog_fixtures.py: torchvision's
 * own modules, with patterned weights so the files compress, saved by torch.save and xz-compressed for the
 * repository).
 */
class TorchCatalogTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50", "mobilenet_v2", "squeezenet1_1"})
    void torchvisionStateDictPredictsAsTorchvision(String arch) throws IOException {
        Path weights = directory.resolve(arch + ".pth");
        try (InputStream in = new XZInputStream(Files.newInputStream(Fixtures.path("torch_catalog/" + arch
                + ".pth.xz")))) {
            Files.copy(in, weights);
        }
        Model model = Models.load(weights, LoadOptions.DEFAULTS.withArchitecture("torchvision." + arch));
        Tensor input = NumpyFiles.read(Fixtures.path("torch_catalog/" + arch + "_input.npy"));
        Tensor expected = NumpyFiles.read(Fixtures.path("torch_catalog/" + arch + "_output.npy"));
        Tensor actual = model.predict(input);
        assertArrayEquals(expected.shape().dims(), actual.shape().dims());
        float[] want = expected.toFloatArray();
        float[] got = actual.toFloatArray();
        // Within 1e-4 of the logits' scale (a 50-layer float32 network rounds each logit to its scale, not its own
        // size); measured: resnet18 1.4e-6, resnet50 3.3e-6, mobilenet_v2 1.4e-6 of the largest logit.
        float scale = 1;
        for (float value : want) scale = Math.max(scale, Math.abs(value));
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= TOLERANCE * scale, arch + " output " + i + ": torchvision "
                    + want[i] + ", Brine " + got[i] + " (largest logit " + scale + ")");
        }
    }
}
