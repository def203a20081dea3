package dev.brine.onnx;

import dev.brine.core.LoadBudget;
import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.ModelType;
import dev.brine.core.model.NamedTensor;
import dev.brine.onnx.proto.OnnxParts;

import java.util.List;

/** Restores an {@link OnnxModel} from a {@code .brine} file: the graph skeleton plus the initializer tensors. */
public final class OnnxModelType implements ModelType {

    @Override
    public String name() {
        return OnnxModel.TYPE;
    }

    @Override
    public Model restore(ModelSnapshot snapshot) {
        NamedTensor skeleton = snapshot.tensor(OnnxParts.SKELETON_TENSOR);
        List<NamedTensor> initializers = snapshot.tensors().stream()
                .filter(tensor -> !tensor.name().equals(OnnxParts.SKELETON_TENSOR))
                .toList();
        return OnnxModel.of(new OnnxParts(skeleton.tensor().data(), initializers), "ONNX model in a .brine file",
                LoadBudget.current().limits());
    }
}
