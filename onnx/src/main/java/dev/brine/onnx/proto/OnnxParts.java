package dev.brine.onnx.proto;

import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * An ONNX model split the way a {@code .brine} file keeps it: the {@code ModelProto} bytes with the values of the
 * top-level initializers taken out (the <em>skeleton</em>), and those initializers as named tensors. Nothing is
 * stored twice, {@code inspect}/{@code verify} see every weight, and {@link ModelAssembler} puts the two back
 * together for ONNX Runtime. The skeleton never refers to external files: {@link ModelUnpacker} has read them.
 */
public record OnnxParts(MemorySegment skeleton, List<NamedTensor> initializers) {

    /** Name of the skeleton tensor in a snapshot; no ONNX exporter names an initializer like this. */
    public static final String SKELETON_TENSOR = "__onnx_model__";

    public OnnxParts {
        initializers = List.copyOf(initializers);
    }

    /** The skeleton as a U8 tensor with role {@link TensorRole#DATA}, followed by the initializers. */
    public List<NamedTensor> asTensors() {
        List<NamedTensor> out = new java.util.ArrayList<>(initializers.size() + 1);
        out.add(new NamedTensor(SKELETON_TENSOR, new Tensor(dev.brine.core.tensor.DType.U8,
                dev.brine.core.tensor.Shape.of(skeleton.byteSize()), skeleton), TensorRole.DATA));
        out.addAll(initializers);
        return out;
    }
}
