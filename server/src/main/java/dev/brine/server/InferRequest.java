package dev.brine.server;

import dev.brine.core.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code POST …/infer} request of the Open Inference Protocol.
 *
 * @param id         echoed in the response
 * @param parameters request parameters (string, number or boolean values), e.g. {@code binary_data_output}
 * @param inputs     the input tensors, in request order
 * @param outputs    the outputs asked for; empty means every default output
 */
record InferRequest(Optional<String> id, Map<String, Object> parameters, List<Input> inputs,
                    List<RequestedOutput> outputs) {

    InferRequest {
        parameters = Map.copyOf(parameters);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** One input tensor: numbers in a {@link Tensor}, or byte strings for {@link Datatype#BYTES}. */
    record Input(String name, Datatype datatype, long[] shape, Payload payload) {
        Input {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        String shapeText() {
            return Arrays.toString(shape);
        }
    }

    sealed interface Payload permits Numbers, Strings {
    }

    record Numbers(Tensor tensor) implements Payload {
    }

    record Strings(List<byte[]> values) implements Payload {
        Strings {
            values = List.copyOf(values);
        }
    }

    /** An output asked for by name; {@code binary} asks for it in the binary tensor extension. */
    record RequestedOutput(String name, Optional<Boolean> binary) {
    }

    boolean booleanParameter(String name) {
        return Boolean.TRUE.equals(parameters.get(name));
    }
}
