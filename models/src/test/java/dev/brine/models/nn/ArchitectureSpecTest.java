package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Models;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.format.SafetensorsWriter;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.testing.NetworkData;
import dev.brine.models.testing.RoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The --arch notation, and a bare safetensors state dict loaded through it. */
class ArchitectureSpecTest {

    @TempDir
    Path directory;

    @Test
    void parsesLayersArgumentsAndNames() {
        Sequential network = ArchitectureSpec.parse("Linear(8,32), ReLU, Dropout(0.2), Linear(32, 3, bias=False)");
        assertEquals(8, network.inputFeatures());
        assertEquals(3, network.outputFeatures());
        assertEquals(List.of("0.weight", "0.bias", "3.weight"),
                network.stateDict().stream().map(NamedTensor::name).toList());
        Sequential named = ArchitectureSpec.parse("fc=Linear(10,1),Sigmoid");
        assertEquals(List.of("fc.weight", "fc.bias"), named.stateDict().stream().map(NamedTensor::name).toList());
        Sequential rich = ArchitectureSpec.parse("BatchNorm1d(4, eps=1e-3),LeakyReLU(negative_slope=0.2),"
                + "Linear(in_features=4,out_features=2),ELU(alpha=0.5),GELU,SiLU,Tanh,Flatten,LogSoftmax(dim=1)");
        assertEquals(4, rich.inputFeatures());
        assertEquals("leaky_relu", rich.layers().get(1).layer().type());
    }

    @Test
    void nestedContainersNameTheirLayersUnderTheirPath() {
        Sequential quickstart = ArchitectureSpec.parse("flatten=Flatten,linear_relu_stack=Sequential(Linear(784,512),"
                + "ReLU,Linear(512,10))");
        assertEquals(784, quickstart.inputFeatures());
        assertEquals(List.of("linear_relu_stack.0.weight", "linear_relu_stack.0.bias", "linear_relu_stack.2.weight",
                "linear_relu_stack.2.bias"), quickstart.stateDict().stream().map(NamedTensor::name).toList());
        Sequential looped = ArchitectureSpec.parse("layers=ModuleList(0=Linear(6,4),relu=ReLU,1=Linear(4,2)),"
                + "head=Sequential(out=Sequential(Linear(2,1)))");
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                "head.out.0.weight", "head.out.0.bias"), looped.stateDict().stream().map(NamedTensor::name).toList());
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.parse("net=Sequential()"));
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.parse("net=Sequential(Linear(2,2)"));
    }

    @Test
    void refusesWhatItCannotBuild() {
        assertThrows(UnsupportedModelException.class, () -> ArchitectureSpec.parse("Linear(2,2),Conv3d(1,1,3)"));
        assertThrows(IncompatibleModelException.class, () -> ArchitectureSpec.parse("Linear(2,2),Conv2d(1,1,3)"));
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.parse("Linear(2,2"));
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.parse("Linear(2)"));
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.parse("Linear(2,2,True,7)"));
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.parse("ReLU,Sigmoid"));
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.parse("Linear(4,2),Softmax(dim=0)"));
    }

    @Test
    void bareSafetensorsStateDictLoadsWithItsArchitecture() {
        Sequential network = NetworkData.network(3);
        Path file = directory.resolve("weights.safetensors");
        write(file, network.stateDict());
        Model loaded = Models.load(file, LoadOptions.DEFAULTS.withArchitecture(
                "Linear(4,16),BatchNorm1d(16),ReLU,Dropout(0.1),Linear(16,3)"));
        Tensor input = Tensor.of(NetworkData.iris().x().data(), 150, 4);
        RoundTrip.assertBitEqual(network.predict(input), loaded.predict(input));
    }

    @Test
    void aStateDictThatDoesNotFitTheArchitectureIsIncompatible() {
        Path file = directory.resolve("weights.safetensors");
        write(file, NetworkData.network(3).stateDict());
        IncompatibleModelException error = assertThrows(IncompatibleModelException.class, () -> Models.load(file,
                LoadOptions.DEFAULTS.withArchitecture("Linear(4,16),ReLU,Linear(16,3)")));
        assertTrue(error.getMessage().contains("unexpected keys"), error.getMessage());
    }

    private static void write(Path file, List<NamedTensor> tensors) {
        LinkedHashMap<String, Tensor> map = new LinkedHashMap<>();
        for (NamedTensor tensor : tensors) map.put(tensor.name(), tensor.tensor());
        SafetensorsWriter.write(file, map, Map.of());
    }
}
