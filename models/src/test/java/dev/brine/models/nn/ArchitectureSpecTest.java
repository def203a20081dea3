package dev.brine.models.nn;

import dev.brine.core.model.NamedTensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureSpecTest {

    private static List<String> stateDictNames(Sequential network) {
        return network.stateDict().stream().map(NamedTensor::name).toList();
    }

    @Test
    void numbersLayersAsSequentialDoes() {
        Sequential network = ArchitectureSpec.parse("Linear(8,32),ReLU,Dropout(0.2),Linear(32,3)").build();
        assertEquals(8, network.inputFeatures());
        assertEquals(3, network.outputFeatures());
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), stateDictNames(network));
        assertEquals(0.2, network.architecture().getArray("layers").get(2) instanceof dev.brine.core.json.Json.JsonObject
                layer ? layer.getDouble("p") : -1);
    }

    @Test
    void namedLayersGiveTheirPrefix() {
        Sequential network = ArchitectureSpec.parse("fc=Linear(10,1),Sigmoid").build();
        assertEquals(List.of("fc.weight", "fc.bias"), stateDictNames(network));
        assertEquals("1", network.layers().get(1).name());
    }

    @Test
    void readsKeywordArgumentsAndEveryLayerType() {
        Sequential network = ArchitectureSpec.parse("BatchNorm1d(4, eps=1e-3), Linear(4, 6, bias=False), "
                + "LeakyReLU(negative_slope=0.2), ELU(alpha=0.5), GELU, SiLU, Tanh, Linear(6,3), "
                + "ReLU(inplace=True), LogSoftmax(dim=1), Flatten").build();
        assertEquals(4, network.inputFeatures());
        assertEquals(List.of("0.weight", "0.bias", "0.running_mean", "0.running_var", "0.num_batches_tracked",
                "1.weight", "7.weight", "7.bias"), stateDictNames(network));
    }

    @Test
    void refusesMalformedSpecsSayingWhere() {
        for (String bad : List.of("", "Linear(8,)", "Linear(8,4", "Conv2d(3,8,3)", "ReLU", "Linear(8,4),,ReLU",
                "Linear(8,4,bias=maybe)", "Linear(8,4),Softmax(dim=0)", "a=Linear(2,2),a=Linear(2,2)",
                "Linear(8,4,7,9)", "Dropout(q=0.1),Linear(2,2)")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> ArchitectureSpec.parse(bad), bad);
            assertTrue(error.getMessage().contains("PyTorch notation"), error.getMessage());
        }
    }

    @Test
    void widthsMustChainOrTheNetworkIsRefused() {
        assertThrows(dev.brine.core.IncompatibleModelException.class,
                () -> ArchitectureSpec.parse("Linear(8,4),Linear(5,2)").build());
        assertFalse(ArchitectureSpec.parse("Linear(8,4),Linear(4,2)").build().layers().isEmpty());
    }
}
