package dev.brine.cli;

import dev.brine.core.tensor.Tensor;
import dev.brine.python.numpy.NumpyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.brine.cli.MainTest.brine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's seed flow from the shell: {@code torch.save(resnet18.state_dict())} → {@code brine predict
 * resnet18.pth --arch torchvision.resnet18 --input batch.npy --output out.npy} gives torchvision's outputs within
 * 1e-4 of the logits' scale (resources torch_catalog, see its README).
 */
class SeedResNetTest {

    @TempDir
    Path dir;

    @Test
    void torchvisionResNet18StateDictPredictsFromTheCommandLine() throws IOException {
        Path weights = dir.resolve("resnet18.pth");
        try (InputStream in = new XZInputStream(resource("resnet18.pth.xz"))) {
            Files.copy(in, weights);
        }
        Path batch = dir.resolve("batch.npy");
        try (InputStream in = resource("resnet18_input.npy")) {
            Files.copy(in, batch);
        }
        Path out = dir.resolve("out.npy");
        MainTest.Result result = brine("predict", weights.toString(), "--arch", "torchvision.resnet18", "--input",
                batch.toString(), "--output", out.toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        Path expectedFile = dir.resolve("expected.npy");
        try (InputStream in = resource("resnet18_output.npy")) {
            Files.copy(in, expectedFile);
        }
        Tensor expected = NumpyFiles.read(expectedFile);
        Tensor actual = NumpyFiles.read(out);
        assertArrayEquals(expected.shape().dims(), actual.shape().dims());
        float[] want = expected.toFloatArray();
        float[] got = actual.toFloatArray();
        float scale = 1;
        for (float value : want) scale = Math.max(scale, Math.abs(value));
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= 1e-4 * scale, "output " + i + ": torchvision " + want[i]
                    + ", brine " + got[i]);
        }
    }

    private static InputStream resource(String name) {
        return SeedResNetTest.class.getResourceAsStream("/torch_catalog/" + name);
    }
}
