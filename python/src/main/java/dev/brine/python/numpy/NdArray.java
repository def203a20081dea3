package dev.brine.python.numpy;

import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.python.array.StridedLayout;
import dev.brine.python.pickle.Buildable;
import dev.brine.python.pickle.HostValue;
import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyBytes;
import dev.brine.python.pickle.PyList;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A numpy array as read from a pickle, joblib or {@code .npy} file: dtype, shape, order and the raw bytes as
 * stored (usually a slice of the mapped file), or the elements of an object array. {@link #toTensor()} gives the
 * little-endian row-major Brine tensor; structured arrays (sklearn's tree nodes) give one tensor per field.
 *
 * <p>A pickled array is first an empty placeholder ({@code _reconstruct}) that its BUILD fills in; the memo refers
 * to the same object, so it is filled in place.
 */
public final class NdArray implements HostValue, Buildable {

    private NumpyDType dtype;
    private long[] shape;
    private boolean fortranOrder;
    private MemorySegment data;
    private List<PyValue> objects;
    private Limits limits = Limits.DEFAULTS;
    private String where = "numpy array";

    private NdArray() {
    }

    /** The placeholder {@code numpy.core.multiarray._reconstruct} makes. */
    static NdArray unbuilt() {
        return new NdArray();
    }

    /**
     * An array over raw bytes in the dtype's byte order.
     *
     * @param where file and offset, for messages
     */
    public static NdArray of(NumpyDType dtype, long[] shape, boolean fortranOrder, MemorySegment data,
                             Limits limits, String where) {
        NdArray array = new NdArray();
        array.set(dtype, shape, fortranOrder, limits, where);
        long expected = Math.multiplyExact(array.numElements(), dtype.itemSize());
        if (dtype.hasObject()) {
            throw new CorruptModelException(where + ": an array whose dtype holds objects given as raw bytes.");
        }
        if (data.byteSize() != expected) {
            throw new CorruptModelException(where + ": numpy array " + dtype.str() + " " + shapeText(shape)
                    + " needs " + expected + " bytes of data, the file gives " + data.byteSize() + ".");
        }
        array.data = data;
        return array;
    }

    private void set(NumpyDType newDtype, long[] newShape, boolean fortran, Limits newLimits, String newWhere) {
        if (newShape.length > newLimits.maxRank()) {
            throw new CorruptModelException(newWhere + ": numpy array of rank " + newShape.length
                    + " exceeds maxRank " + newLimits.maxRank() + ".");
        }
        long count = 1;
        for (long dim : newShape) {
            if (dim < 0) {
                throw new CorruptModelException(newWhere + ": negative dimension in " + shapeText(newShape) + ".");
            }
            try {
                count = Math.multiplyExact(count, dim);
                Math.multiplyExact(count, Math.max(1, newDtype.itemSize()));
            } catch (ArithmeticException e) {
                throw new CorruptModelException(newWhere + ": numpy shape " + shapeText(newShape) + " overflows.");
            }
        }
        dtype = newDtype;
        shape = newShape.clone();
        fortranOrder = fortran;
        limits = newLimits;
        where = newWhere;
    }

    /**
     * numpy's {@code ndarray.__setstate__}: {@code (version, shape, dtype, is_fortran, rawdata)}, or the same
     * without the version. {@code rawdata} is bytes (a latin-1 str from Python 2) or, for object arrays, a list.
     */
    @Override
    public PyValue build(PyValue state, PickleContext context) {
        if (!(state instanceof PyTuple tuple) || tuple.size() < 4 || tuple.size() > 5) {
            throw context.corrupt("numpy array state " + state + " is not (version, shape, dtype, fortran, data)");
        }
        int first = tuple.size() - 4;
        if (!(tuple.get(first + 1) instanceof NumpyDType arrayDtype)) {
            throw context.corrupt("numpy array state has dtype " + tuple.get(first + 1));
        }
        if (!(tuple.get(first + 2) instanceof PyBool fortran)) {
            throw context.corrupt("numpy array state has is_fortran " + tuple.get(first + 2));
        }
        set(arrayDtype, NumpyValues.dims(tuple.get(first), context), fortran.value(), context.limits(),
                context.where());
        PyValue raw = tuple.get(first + 3);
        if (arrayDtype.isObject()) {
            if (!(raw instanceof PyList list) || list.size() != numElements()) {
                throw context.corrupt("numpy object array of " + numElements() + " elements has data " + raw);
            }
            objects = list.items();
            return this;
        }
        if (arrayDtype.hasObject()) {
            throw context.unsupported("a numpy array of dtype " + arrayDtype + ", a structured dtype with an object"
                    + " field; Brine reads numeric records and plain object arrays only");
        }
        MemorySegment bytes = switch (raw) {
            case PyBytes pyBytes -> pyBytes.data();
            case PyStr text -> latin1(text.value(), context);
            default -> throw context.corrupt("numpy array data is a " + raw.typeName() + ", not bytes");
        };
        long expected = numElements() * arrayDtype.itemSize();
        if (bytes.byteSize() != expected) {
            throw context.corrupt("numpy array " + arrayDtype.str() + " " + shapeText(shape) + " needs " + expected
                    + " bytes of data, the pickle gives " + bytes.byteSize());
        }
        data = bytes;
        return this;
    }

    /** Python 2 pickles carry array bytes as a str of the byte values. */
    static MemorySegment latin1(String text, PickleContext context) {
        context.charge(text.length());
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw context.corrupt("numpy array data given as text holds a character above U+00FF");
            }
            bytes[i] = (byte) c;
        }
        return MemorySegment.ofArray(bytes);
    }

    /** An object array (elements in row-major order). */
    static NdArray ofObjects(NumpyDType dtype, long[] shape, List<PyValue> elements, PickleContext context) {
        NdArray array = new NdArray();
        array.set(dtype, shape, false, context.limits(), context.where());
        if (elements.size() != array.numElements()) {
            throw context.corrupt("numpy object array of shape " + shapeText(shape) + " has " + elements.size()
                    + " elements");
        }
        array.objects = List.copyOf(elements);
        return array;
    }

    private void requireBuilt() {
        if (dtype == null) {
            throw new CorruptModelException(where + ": a numpy array placeholder never received its state (BUILD).");
        }
    }

    public NumpyDType dtype() {
        requireBuilt();
        return dtype;
    }

    public long[] shape() {
        requireBuilt();
        return shape.clone();
    }

    public boolean fortranOrder() {
        requireBuilt();
        return fortranOrder;
    }

    public long numElements() {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return count;
    }

    public boolean isObjectArray() {
        requireBuilt();
        return objects != null;
    }

    /** The elements of an object array, in row-major order. */
    public List<PyValue> objects() {
        if (!isObjectArray()) {
            throw new UnsupportedModelException(where + ": numpy array of dtype " + dtype.str()
                    + " is not an object array.");
        }
        return objects;
    }

    /** The bytes as stored: dtype byte order, C or Fortran order. Empty for object arrays. */
    public MemorySegment rawData() {
        requireBuilt();
        return data == null ? MemorySegment.ofArray(new byte[0]) : data;
    }

    /** The array as a Brine tensor: little-endian, row-major; a slice of the file when already laid out so. */
    public Tensor toTensor() {
        requireBuilt();
        if (objects != null) {
            throw new UnsupportedModelException(where + ": numpy object array has no tensor form.");
        }
        DType tensorType = dtype.toDType(where);
        return StridedLayout.contiguous(data, 0, shape, tensorType, dtype.bigEndian(), fortranOrder)
                .toTensor(limits, where);
    }

    /** One field of a structured array (for example a tree's {@code threshold}), as a tensor of the array's shape. */
    public Tensor field(String name) {
        requireBuilt();
        NumpyDType.Field field = dtype.field(name).orElseThrow(() -> new UnsupportedModelException(where
                + ": numpy array " + dtype + " has no field '" + name + "'."));
        DType fieldType = field.dtype().toDType(where + " field '" + name + "'");
        long[] strides = StridedLayout.contiguousStrides(shape, dtype.itemSize(), fortranOrder);
        return new StridedLayout(data, field.offset(), shape, strides, fieldType, field.dtype().bigEndian())
                .toTensor(limits, where + " field '" + name + "'");
    }

    /** The elements of a text array ({@code U}, {@code S}) or of an object array of str, in row-major order. */
    public List<String> toStrings() {
        requireBuilt();
        int count = Math.toIntExact(numElements());
        List<String> out = new ArrayList<>(count);
        if (objects != null) {
            for (PyValue element : objects) {
                if (!(element instanceof PyStr text)) {
                    throw new UnsupportedModelException(where + ": object array element " + element
                            + " is not a str.");
                }
                out.add(text.value());
            }
            return out;
        }
        if (dtype.kind() != 'U' && dtype.kind() != 'S') {
            throw new UnsupportedModelException(where + ": numpy array of dtype " + dtype.str() + " is not text.");
        }
        long[] strides = StridedLayout.contiguousStrides(shape, dtype.itemSize(), fortranOrder);
        long[] index = new long[shape.length];
        for (int i = 0; i < count; i++) {
            long offset = 0;
            for (int axis = 0; axis < shape.length; axis++) {
                offset += index[axis] * strides[axis];
            }
            out.add(decodeText(data.asSlice(offset, dtype.itemSize())));
            for (int axis = shape.length - 1; axis >= 0 && ++index[axis] == shape[axis]; axis--) {
                index[axis] = 0;
            }
        }
        return out;
    }

    private String decodeText(MemorySegment item) {
        if (dtype.kind() == 'S') {
            byte[] bytes = item.toArray(ValueLayout.JAVA_BYTE);
            int length = bytes.length;
            while (length > 0 && bytes[length - 1] == 0) length--;
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        ValueLayout.OfInt codeUnit = ValueLayout.JAVA_INT_UNALIGNED.withOrder(
                dtype.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        StringBuilder text = new StringBuilder();
        for (long offset = 0; offset < item.byteSize(); offset += 4) {
            int codePoint = item.get(codeUnit, offset);
            if (codePoint == 0) {
                break;
            }
            if (!Character.isValidCodePoint(codePoint)) {
                throw new CorruptModelException(where + ": numpy text array holds invalid code point " + codePoint);
            }
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    static String shapeText(long[] dims) {
        return dev.brine.core.tensor.Shape.of(dims).toString();
    }

    @Override
    public String typeName() {
        return "numpy.ndarray";
    }

    @Override
    public String toString() {
        return dtype == null ? "ndarray(unbuilt)" : "ndarray(" + dtype.str() + ", " + shapeText(shape) + ")";
    }
}
