package dev.brine.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticModelTest {

    @Test
    void tensorsAddUpToExactlyTheRequestedSize() {
        for (String size : List.of("1M", "3M", "1G", "4G")) {
            long bytes = Sizes.parse(size);
            long total = SyntheticModel.layout(bytes).stream().mapToLong(SyntheticModel.Layout::byteSize).sum();
            assertEquals(bytes, total, size);
        }
    }

    @Test
    void fourGigabyteModelHasOneTensorOverTwoGigabytesAndOthers() {
        List<SyntheticModel.Layout> layout = SyntheticModel.layout(Sizes.parse("4G"));
        assertTrue(layout.getFirst().byteSize() > 2L << 30, "embedding of " + layout.getFirst().byteSize());
        assertEquals(1 + 2 * SyntheticModel.LAYERS, layout.size());
    }

    @Test
    void refusesSizesThatAreNotWholeMebibytes() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticModel.layout((1 << 20) + 4));
        assertThrows(IllegalArgumentException.class, () -> SyntheticModel.layout(0));
    }

    @Test
    void sizesParseAndLabelInBinaryUnits() {
        assertEquals(List.of(1L << 20, 1L << 30, 4L << 30), Sizes.parseList("1M, 1g,4G"));
        assertEquals("512 MB", Sizes.label(512L << 20));
        assertEquals("4 GB", Sizes.label(4L << 30));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("12K"));
    }
}
