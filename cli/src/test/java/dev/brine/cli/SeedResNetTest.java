package dev.brine.cli;

import dev.brine.core.Models;
import dev.brine.core.tensor.Tensor;
import dev.brine.onnx.Onnx;
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
        Path weights = copy("resnet18.pth.xz");
        Path batch = dir.resolve("batch.npy");
        try (InputStream in = resource("resnet18_input.npy")) {
            Files.copy(in, batch);
        }
        Path out = dir.resolve("out.npy");
        MainTest.Result result = brine("predict", weights.toString(), "--arch", "torchvision.resnet18", "--input",
                batch.toString(), "--output", out.toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertClose(npy("resnet18_output.npy"), NumpyFiles.read(out), "torchvision", "brine");
    }

    /**
     * The same state dict → {@code .brine} → {@code .onnx} with {@code brine convert}; ONNX Runtime's outputs on the
     * exported graph match Brine's and torchvision's within 1e-4 of the logits' scale.
     */
    @Test
    void resNet18ConvertsThroughBrineToOnnxThatOnnxRuntimeRunsAlike() throws IOException {
        Path weights = copy("resnet18.pth.xz");
        Path brineFile = dir.resolve("resnet18.brine");
        Path onnxFile = dir.resolve("resnet18.onnx");
        MainTest.Result toBrine = brine("convert", weights.toString(), brineFile.toString(), "--arch",
                "torchvision.resnet18");
        assertEquals(0, toBrine.exitCode(), toBrine.out() + toBrine.err());
        MainTest.Result toOnnx = brine("convert", brineFile.toString(), onnxFile.toString());
        assertEquals(0, toOnnx.exitCode(), toOnnx.out() + toOnnx.err());
        Tensor input = npy("resnet18_input.npy");
        Tensor onnx = Onnx.load(onnxFile).predict(input);
        assertClose(Models.load(brineFile).predict(input), onnx, "brine", "onnx runtime");
        assertClose(npy("resnet18_output.npy"), onnx, "torchvision", "onnx runtime");
    }

    private Path copy(String xzResource) throws IOException {
        Path target = dir.resolve(xzResource.substring(0, xzResource.length() - ".xz".length()));
        try (InputStream in = new XZInputStream(resource(xzResource))) {
            Files.copy(in, target);
        }
        return target;
    }

    private Tensor npy(String name) throws IOException {
        Path file = dir.resolve("resource-" + name);
        try (InputStream in = resource(name)) {
            Files.copy(in, file);
        }
        return NumpyFiles.read(file);
    }

    /** Within 1e-4 of the logits' scale (the largest expected logit, at least 1). */
    private static void assertClose(Tensor expected, Tensor actual, String reference, String tested) {
        assertArrayEquals(expected.shape().dims(), actual.shape().dims());
        float[] want = expected.toFloatArray();
        float[] got = actual.toFloatArray();
        float scale = 1;
        for (float value : want) scale = Math.max(scale, Math.abs(value));
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= 1e-4 * scale, "output " + i + ": " + reference + " " + want[i]
                    + ", " + tested + " " + got[i]);
        }
    }

    private static InputStream resource(String name) {
        return SeedResNetTest.class.getResourceAsStream("/torch_catalog/" + name);
    }
}
