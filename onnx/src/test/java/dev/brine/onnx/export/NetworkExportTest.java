package dev.brine.onnx.export;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.nn.Activation;
import dev.brine.models.nn.Sequential;
import dev.brine.onnx.Onnx;
import dev.brine.core.Limits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolutional networks with every layer type and activation the export knows, with random weights and running
 * statistics, run by ONNX Runtime: it must predict what Brine predicts.
 */
class NetworkExportTest {

    private static final float TOLERANCE = 1e-4f;

    /** Every activation of the vocabulary side by side on one vector (a concat block, one branch per kind). */
    private static String everyActivation() {
        return Arrays.stream(Activation.Kind.values()).map(kind -> {
            String parameter = kind.parameterName() == null ? ""
                    : ",\"" + kind.parameterName() + "\":" + (kind == Activation.Kind.SOFTPLUS ? 2.0 : 0.3);
            return "[{\"name\":\"" + kind.jsonName() + "\",\"type\":\"" + kind.jsonName() + "\"" + parameter + "}]";
        }).collect(Collectors.joining(",", "[", "]"));
    }

    private static final String IMAGE_NET = """
            {"input_features": 243, "input_shape": [3, 9, 9], "layers": [
             {"name":"conv","type":"conv2d","in_channels":3,"out_channels":8,"kernel_size":[3,3],"stride":[1,1],
              "padding":"same","dilation":[2,1],"groups":1,"bias":true},
             {"name":"bn","type":"batch_norm2d","num_features":8,"eps":1e-5,"momentum":0.1},
             {"name":"act","type":"relu6"},
             {"name":"grouped","type":"conv2d","in_channels":8,"out_channels":8,"kernel_size":[3,3],"stride":[2,2],
              "padding":[1,1],"dilation":[1,1],"groups":2,"bias":false},
             {"name":"gn","type":"group_norm","num_groups":4,"num_channels":8,"eps":1e-5,"affine":true},
             {"name":"pool","type":"max_pool2d","kernel_size":[2,2],"stride":[2,2],"padding":[0,0],
              "dilation":[1,1],"ceil_mode":true},
             {"name":"layer1","type":"sequential","layers":[
              {"name":"0","type":"residual","body":[
                {"name":"conv1","type":"conv2d","in_channels":8,"out_channels":8,"kernel_size":[3,3],"stride":[1,1],
                 "padding":[1,1],"dilation":[1,1],"groups":1,"bias":false},
                {"name":"bn1","type":"batch_norm2d","num_features":8,"eps":1e-5,"momentum":0.1}],
               "shortcut":[], "after":{"name":"relu","type":"relu"}}]},
             {"name":"mix","type":"concat","stem":[],"branches":[
              [{"name":"b0","type":"conv2d","in_channels":8,"out_channels":4,"kernel_size":[1,1],"stride":[1,1],
                "padding":[0,0],"dilation":[1,1],"groups":1,"bias":true}],
              [{"name":"p","type":"avg_pool2d","kernel_size":[3,3],"stride":[1,1],"padding":[1,1],
                "ceil_mode":false,"count_include_pad":false},
               {"name":"b1","type":"conv2d","in_channels":8,"out_channels":4,"kernel_size":[1,1],"stride":[1,1],
                "padding":[0,0],"dilation":[1,1],"groups":1,"bias":false}]]},
             {"name":"up","type":"conv_transpose2d","in_channels":8,"out_channels":4,"kernel_size":[3,3],
              "stride":[2,2],"padding":[1,1],"output_padding":[1,1],"dilation":[1,1],"groups":1,"bias":true},
             {"name":"avg","type":"avg_pool2d","kernel_size":[3,3],"stride":[2,2],"padding":[1,1],"ceil_mode":true,
              "count_include_pad":false},
             {"name":"adapt","type":"adaptive_avg_pool2d","output_size":[1,1]},
             {"name":"ln","type":"layer_norm","normalized_shape":[4,1,1],"eps":1e-5,"elementwise_affine":true},
             {"name":"flat","type":"flatten"},
             {"name":"fc","type":"linear","in_features":4,"out_features":6,"bias":true},
             {"name":"acts","type":"concat","stem":[],"branches":%s},
             {"name":"drop","type":"dropout","p":0.5}]}
            """.formatted(everyActivation());

    private static final String SIGNAL_NET = """
            {"input_features": 34, "input_shape": [2, 17], "layers": [
             {"name":"conv","type":"conv1d","in_channels":2,"out_channels":4,"kernel_size":[3],"stride":[2],
              "padding":[1],"dilation":[1],"groups":1,"bias":true},
             {"name":"bn","type":"batch_norm1d","num_features":4,"eps":1e-3,"momentum":0.1},
             {"name":"act","type":"gelu"},
             {"name":"max","type":"max_pool1d","kernel_size":[2],"stride":[2],"padding":[1],"dilation":[2],
              "ceil_mode":true},
             {"name":"avg","type":"avg_pool1d","kernel_size":[3],"stride":[1],"padding":[1],"ceil_mode":false,
              "count_include_pad":true},
             {"name":"ln","type":"layer_norm","normalized_shape":[5],"eps":1e-5,"elementwise_affine":false},
             {"name":"adapt","type":"adaptive_avg_pool1d","output_size":[1]},
             {"name":"flat","type":"flatten"},
             {"name":"fc","type":"linear","in_features":4,"out_features":3,"bias":false},
             {"name":"out","type":"log_softmax"}]}
            """;

    private static Sequential randomNetwork(String architecture, long seed) {
        Sequential network = Sequential.fromArchitecture((Json.JsonObject) JsonParser.parse(architecture));
        Random random = new Random(seed);
        List<NamedTensor> state = new ArrayList<>();
        for (NamedTensor tensor : network.stateDict()) {
            if (tensor.tensor().dtype() != DType.F32) {
                state.add(tensor);
                continue;
            }
            float[] values = new float[Math.toIntExact(tensor.tensor().shape().numElements())];
            boolean variance = tensor.name().endsWith("running_var");
            for (int i = 0; i < values.length; i++) {
                values[i] = variance ? 0.5f + random.nextFloat() : (float) random.nextGaussian() * 0.5f;
            }
            state.add(new NamedTensor(tensor.name(), Tensor.of(values, tensor.tensor().shape().dims()),
                    tensor.role()));
        }
        network.loadStateDict(state, true);
        return network;
    }

    private static Tensor randomInput(long seed, long... dims) {
        Random random = new Random(seed);
        long count = 1;
        for (long dim : dims) count *= dim;
        float[] values = new float[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian() * 2;
        return Tensor.of(values, dims);
    }

    private static void assertSamePredictions(Sequential network, Tensor input) {
        float[] expected = network.predict(input).toFloatArray();
        Tensor actual = Onnx.fromBytes(OnnxExport.toBytes(network), "network.onnx", Limits.DEFAULTS).predict(input);
        assertArrayEquals(network.predict(input).shape().dims(), actual.shape().dims());
        float[] got = actual.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], TOLERANCE * Math.max(1, Math.abs(expected[i])), "output " + i);
        }
    }

    @Test
    void imageNetworkWithEveryLayerTypeAndActivation() {
        assertSamePredictions(randomNetwork(IMAGE_NET, 1), randomInput(2, 5, 3, 9, 9));
    }

    @Test
    void signalNetworkWithConv1dPoolsAndLayerNorm() {
        assertSamePredictions(randomNetwork(SIGNAL_NET, 3), randomInput(4, 7, 2, 17));
    }

    @Test
    void unevenAdaptivePoolingIsRefusedNamingTheLayer() {
        Sequential network = randomNetwork("""
                {"input_features": 20, "input_shape": [1, 4, 5], "layers": [
                 {"name":"adapt","type":"adaptive_avg_pool2d","output_size":[2,2]}]}
                """, 5);
        UnsupportedModelException refused = assertThrows(UnsupportedModelException.class,
                () -> OnnxExport.toBytes(network));
        assertTrue(refused.getMessage().contains("adapt"), refused.getMessage());
    }

    @Test
    void evenAdaptivePoolingIsAnAveragePool() {
        assertSamePredictions(randomNetwork("""
                {"input_features": 48, "input_shape": [3, 4, 4], "layers": [
                 {"name":"adapt","type":"adaptive_avg_pool2d","output_size":[2,1]}]}
                """, 6), randomInput(7, 3, 3, 4, 4));
    }
}
