package dev.brine.core.tensor;

import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsupportedModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DTypeTest {

    @Test
    void elementSizesAreThoseOfSafetensors() {
        Map<String, Integer> sizes = Map.ofEntries(Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2),
                Map.entry("BF16", 2), Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1), Map.entry("I64", 8),
                Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1), Map.entry("U64", 8),
                Map.entry("U32", 4), Map.entry("U16", 2), Map.entry("U8", 1), Map.entry("BOOL", 1));
        assertEquals(sizes.size(), DType.values().length);
        for (DType dtype : DType.values()) {
            assertEquals(sizes.get(dtype.name()), dtype.byteSize(), dtype.name());
        }
    }

    @Test
    void readsEverySafetensorsNameItDefines() {
        for (DType dtype : DType.values()) {
            assertSame(dtype, DType.fromSafetensorsName(dtype.name(), "t"));
        }
    }

    @Test
    void kindsSeparateFloatsSignedUnsignedAndBool() {
        assertTrue(DType.BF16.isFloatingPoint());
        assertTrue(DType.F8_E5M2.isFloatingPoint());
        assertFalse(DType.I64.isFloatingPoint());
        assertEquals(DType.Kind.SIGNED, DType.I8.kind());
        assertEquals(DType.Kind.UNSIGNED, DType.U64.kind());
        assertEquals(DType.Kind.BOOL, DType.BOOL.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"C64", "F8_E8M0", "F4", "F8_E4M3FNUZ"})
    void refusesDtypesTheSpecificationDefinesButBrineDoesNotReadAsUnsupported(String name) {
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                () -> DType.fromSafetensorsName(name, "model.safetensors tensor \"w\""));
        assertTrue(error.getMessage().startsWith("model.safetensors tensor \"w\": dtype " + name), error.getMessage());
        assertEquals(5, error.exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32", "F128", "float32", "", "I4", " F32"})
    void refusesUnknownDtypesAsCorrupt(String name) {
        CorruptModelException error = assertThrows(CorruptModelException.class,
                () -> DType.fromSafetensorsName(name, "model.safetensors tensor \"w\""));
        assertTrue(error.getMessage().contains("unknown dtype \"" + name + "\""), error.getMessage());
        assertEquals(4, error.exitCode());
    }
}
