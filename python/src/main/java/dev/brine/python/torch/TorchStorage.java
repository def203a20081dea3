package dev.brine.python.torch;

import dev.brine.core.CorruptModelException;
import dev.brine.core.tensor.DType;
import dev.brine.python.pickle.HostValue;

import java.lang.foreign.MemorySegment;

/**
 * A torch storage named by a persistent id: its element type, element count and bytes (a slice of the archive
 * record, or of the legacy file once its data section has been read). Tensors sharing a storage share this object.
 */
public final class TorchStorage implements HostValue {

    private final String key;
    private final DType dtype;
    private final long numElements;
    private final boolean bigEndian;
    private MemorySegment data;
    private TorchStorage root;
    private long rootOffset;

    TorchStorage(String key, DType dtype, long numElements, boolean bigEndian) {
        this.key = key;
        this.dtype = dtype;
        this.numElements = numElements;
        this.bigEndian = bigEndian;
    }

    public String key() {
        return key;
    }

    public DType dtype() {
        return dtype;
    }

    public long numElements() {
        return numElements;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    /** Gives the storage its bytes, which must hold at least {@link #numElements()} elements. */
    void bind(MemorySegment bytes, String where) {
        long needed;
        try {
            needed = Math.multiplyExact(numElements, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new CorruptModelException(where + ": storage '" + key + "' declares an absurd size.");
        }
        if (bytes.byteSize() < needed) {
            throw new CorruptModelException(where + ": storage '" + key + "' declares " + numElements + " "
                    + dtype + " elements (" + needed + " bytes) but its data holds " + bytes.byteSize() + " bytes.");
        }
        data = bytes.asSlice(0, needed);
    }

    /**
     * A legacy-format storage view: {@code numElements} elements of {@code root} from element {@code offset}; its
     * bytes are known once the root's are.
     */
    static TorchStorage viewOf(TorchStorage root, String key, long offset, long numElements) {
        TorchStorage view = new TorchStorage(key, root.dtype, numElements, root.bigEndian);
        view.root = root;
        view.rootOffset = offset;
        return view;
    }

    /** The same bytes seen as elements of {@code newType} ({@code _rebuild_tensor_v3} on an untyped storage). */
    TorchStorage retyped(DType newType, String where) {
        MemorySegment bytes = data(where);
        TorchStorage typed = new TorchStorage(key, newType, bytes.byteSize() / newType.byteSize(), bigEndian);
        typed.bind(bytes, where);
        return typed;
    }

    MemorySegment data(String where) {
        if (data == null && root != null) {
            MemorySegment rootData = root.data(where);
            long itemSize = dtype.byteSize();
            if (rootOffset > rootData.byteSize() / itemSize
                    || numElements > rootData.byteSize() / itemSize - rootOffset) {
                throw new CorruptModelException(where + ": storage view '" + key + "' reaches past its storage '"
                        + root.key + "'.");
            }
            data = rootData.asSlice(rootOffset * itemSize, numElements * itemSize);
        }
        if (data == null) {
            throw new CorruptModelException(where + ": storage '" + key + "' has no data in the archive.");
        }
        return data;
    }

    @Override
    public String typeName() {
        return "torch.storage";
    }

    @Override
    public String toString() {
        return "storage(" + key + ", " + dtype + ", " + numElements + ")";
    }
}
