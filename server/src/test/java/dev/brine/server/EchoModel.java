package dev.brine.server;

import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.util.List;

/** Test model for datatype conformance: takes rows of one dtype and returns them unchanged. */
record EchoModel(DType dtype, long width) implements Model {

    @Override
    public String type() {
        return "test_echo";
    }

    @Override
    public Signature signature() {
        return new Signature(List.of(new TensorSpec("input", dtype, new long[] {-1, width})),
                List.of(new TensorSpec("echo", dtype, new long[] {-1, width})));
    }

    @Override
    public Tensor predict(Tensor input) {
        return input;
    }

    @Override
    public ModelSnapshot snapshot() {
        throw new UnsupportedOperationException("EchoModel is served from memory only");
    }
}
