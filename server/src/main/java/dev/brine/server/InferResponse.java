package dev.brine.server;

import dev.brine.core.tensor.Tensor;

import java.util.List;
import java.util.Optional;

/** An inference response: the outputs of one model version for one request. */
record InferResponse(String modelName, String modelVersion, Optional<String> id, List<Output> outputs) {

    InferResponse {
        outputs = List.copyOf(outputs);
    }

    /**
     * One output tensor. Numbers are in {@code tensor}; {@link Datatype#BYTES} outputs (class labels) in
     * {@code strings}. {@code binary} sends the data in the binary tensor extension instead of JSON.
     */
    record Output(String name, Datatype datatype, long[] shape, Tensor tensor, List<String> strings,
                  boolean binary) {

        Output {
            shape = shape.clone();
            strings = List.copyOf(strings);
        }

        static Output numbers(String name, Tensor tensor, boolean binary) {
            Tensor sendable = Datatype.of(tensor.dtype()).dtype().orElseThrow() == tensor.dtype() ? tensor
                    : tensor.to(dev.brine.core.tensor.DType.F32);
            return new Output(name, Datatype.of(sendable.dtype()), sendable.shape().dims(), sendable, List.of(),
                    binary);
        }

        static Output strings(String name, List<String> values, boolean binary) {
            return new Output(name, Datatype.BYTES, new long[] {values.size()}, null, values, binary);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }
}
