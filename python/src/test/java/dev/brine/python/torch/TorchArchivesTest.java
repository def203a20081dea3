package dev.brine.python.torch;

import dev.brine.core.CorruptModelException;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.python.Fixtures;
import dev.brine.python.pickle.PyDict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorchArchivesTest {

    private static void assertTensors(Map<String, String> expected, Map<String, Tensor> tensors) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(tensors.keySet()));
        expected.forEach((name, description) -> {
            Tensor tensor = tensors.get(name);
            assertEquals(description, Fixtures.describe(tensor, Fixtures.numpyKind(tensor)), name);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"state.pt", "state_legacy.pt", "state_archive_root.pt"})
    void readsStateDictsInEveryLayout(String file) {
        TorchArchive archive = TorchArchives.read(Fixtures.path("torch/" + file));
        assertTensors(Fixtures.namedLines("torch/state.expected"), archive.tensors());
        PyDict root = (PyDict) archive.root();
        assertEquals("collections.OrderedDict", root.typeName());
        assertTrue(root.state().isPresent(), "_metadata kept");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtypes.pt", "dtypes_legacy.pt"})
    void readsEveryDtypeSharedStoragesAndStridedViews(String file) {
        Map<String, Tensor> tensors = TorchArchives.read(Fixtures.path("torch/" + file)).tensors();
        Fixtures.namedLines("torch/dtypes.expected").forEach((line, description) -> {
            String name = line.contains(" bf16 ") ? line.substring(0, line.indexOf(" bf16 ")) : line;
            Tensor tensor = tensors.get(name);
            if (line.contains(" bf16 ")) {
                assertEquals(DType.BF16, tensor.dtype());
                assertEquals(description, HexFormat.of().formatHex(tensor.toByteArray()), name);
            } else {
                assertEquals(description, Fixtures.describe(tensor, Fixtures.numpyKind(tensor)), name);
            }
        });
        assertTrue(tensors.get("row slice").data().isMapped() == file.equals("dtypes.pt")
                || file.equals("dtypes_legacy.pt"), "contiguous views are slices of the file");
    }

    @Test
    void readsCheckpointDictsAndWholeModules() {
        TorchArchive checkpoint = TorchArchives.read(Fixtures.path("torch/checkpoint.pt"));
        Map<String, String> expected = Fixtures.namedLines("torch/checkpoint.expected");
        expected.forEach((name, description) -> {
            Tensor tensor = checkpoint.tensors().get("model_state_dict." + name);
            assertEquals(description, Fixtures.describe(tensor, Fixtures.numpyKind(tensor)), name);
        });
        assertTrue(checkpoint.tensors().containsKey("optimizer_state_dict.state.0.exp_avg"));
        TorchArchive module = TorchArchives.read(Fixtures.path("torch/whole_module.pt"));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(module.tensors().keySet()));
    }

    /** Files in torch 0.1's tar format, as torch 1.13's own torch.load read them (fixtures-gen/torch_tar_gen.py). */
    @ParameterizedTest
    @ValueSource(strings = {"dtypes", "views", "linear_state", "shapes"})
    void readsThePreZeroFourTarFormatAsTorchDoes(String name) {
        TorchArchive archive = TorchArchives.read(Fixtures.path("torch_tar/" + name + ".pt"));
        assertEquals("tar", archive.format());
        assertTensors(Fixtures.namedLines("torch_tar/" + name + ".expected"), archive.tensors());
    }

    @Test
    void tarViewsShareTheirStorageAndContiguousOnesAreSlicesOfTheFile() {
        Map<String, Tensor> tensors = TorchArchives.read(Fixtures.path("torch_tar/views.pt")).tensors();
        for (String contiguous : List.of("same storage", "row slice", "storage view")) {
            assertTrue(tensors.get(contiguous).data().isMapped(), contiguous);
        }
        assertFalse(tensors.get("transposed").data().isMapped(), "a transposed view is copied row-major");
        assertEquals(tensors.get("row slice").data().address(), tensors.get("storage view").data().address(),
                "a storage view at element 6 and a tensor at storage offset 6 are the same bytes");
    }

    @Test
    void refusesTruncatedArchives() {
        assertThrows(CorruptModelException.class, () -> TorchArchives.read(Fixtures.path("malformed/truncated.pt")));
    }
}
