package dev.brine.python.torch;

import dev.brine.core.Limits;
import dev.brine.core.tensor.Tensor;
import dev.brine.python.array.StridedLayout;
import dev.brine.python.pickle.HostValue;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of a storage by element offset, size
 * and stride (docs/python-formats.md). {@link #toTensor} materialises it: a slice of the storage when contiguous,
 * otherwise a row-major copy.
 */
public record TorchTensor(TorchStorage storage, long storageOffset, long[] size, long[] stride,
                          boolean requiresGrad, boolean parameter, String where) implements HostValue {

    public TorchTensor {
        size = size.clone();
        stride = stride.clone();
    }

    public TorchTensor asParameter(boolean grad) {
        return new TorchTensor(storage, storageOffset, size, stride, grad, true, where);
    }

    public Tensor toTensor(Limits limits) {
        long itemSize = storage.dtype().byteSize();
        long[] byteStrides = new long[stride.length];
        for (int i = 0; i < stride.length; i++) {
            byteStrides[i] = stride[i] * itemSize;
        }
        return new StridedLayout(storage.data(where), storageOffset * itemSize, size, byteStrides, storage.dtype(),
                storage.bigEndian()).toTensor(limits, where);
    }

    @Override
    public String typeName() {
        return parameter ? "torch.nn.Parameter" : "torch.Tensor";
    }

    @Override
    public String toString() {
        return "tensor(" + storage.dtype() + ", " + java.util.Arrays.toString(size) + ")";
    }
}
