package dev.brine.core.format;

import dev.brine.core.Models;
import dev.brine.core.model.Model;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files written by released format versions stay readable forever (docs/format.md §6). */
class CompatibilityTest {

    private static Path compat(String name) throws URISyntaxException {
        return Path.of(CompatibilityTest.class.getResource("/compat/" + name).toURI());
    }

    @Test
    void readsVersion1StateDictFromTheSpecExample() throws Exception {
        Path file = compat("v1-state_dict.brine");
        Model model = Models.load(file);
        StateDict stateDict = assertInstanceOf(StateDict.class, model);
        assertEquals(1, stateDict.tensors().size());
        assertEquals("w", stateDict.tensors().getFirst().name());
        assertEquals(TensorRole.PARAMETER, stateDict.tensors().getFirst().role());
        assertArrayEquals(new float[] {1.0f, -2.0f}, stateDict.tensors().getFirst().tensor().toFloatArray());
        assertTrue(Models.verify(file).intact());
        try (BrineFile brine = BrineFile.open(file, dev.brine.core.Limits.DEFAULTS)) {
            Provenance provenance = brine.manifest().orElseThrow().provenance();
            assertEquals("safetensors", provenance.sourceFormat().orElseThrow());
            assertEquals("9c54a301d1883c1238adad7212e1c8b7a0ee5a828aa7b9a5fc5c4b58af05fe54",
                    provenance.sourceSha256().orElseThrow());
        }
    }
}
