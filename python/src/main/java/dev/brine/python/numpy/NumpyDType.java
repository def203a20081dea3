package dev.brine.python.numpy;

import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.DType;
import dev.brine.python.pickle.Buildable;
import dev.brine.python.pickle.HostValue;
import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numpy dtype: kind, item size, byte order, and for structured dtypes the fields. Built from a pickled
 * {@code numpy.dtype(typestr, align, copy)} plus its BUILD state, or from the {@code descr} of a {@code .npy}
 * header (docs/python-formats.md).
 */
public final class NumpyDType implements HostValue, Buildable {

    /** A field of a structured dtype. */
    public record Field(String name, NumpyDType dtype, long offset) {
    }

    /** The element of a subarray dtype such as {@code ('<f4', (2, 2))}. */
    public record Subarray(NumpyDType base, long[] shape) {
    }

    private static final Pattern TYPESTR = Pattern.compile("([<>|=]?)([biufcmMOSUV])(\\d*)(\\[[A-Za-z0-9]+\\])?");

    private final char kind;
    private char byteOrder;
    private long itemSize;
    private List<Field> fields = List.of();
    private Subarray subarray;

    private NumpyDType(char kind, char byteOrder, long itemSize) {
        this.kind = kind;
        this.byteOrder = byteOrder;
        this.itemSize = itemSize;
    }

    /**
     * A dtype from a type string such as {@code <f8}, {@code |b1}, {@code U5}, {@code O8}, {@code >i4} or
     * {@code <M8[ns]}. {@code U} sizes count characters (4 bytes each), as numpy writes them.
     */
    public static NumpyDType parse(String typestr, String where) {
        Matcher matcher = TYPESTR.matcher(typestr);
        if (!matcher.matches()) {
            throw new CorruptModelException(where + ": '" + typestr + "' is not a numpy type string.");
        }
        char kind = matcher.group(2).charAt(0);
        long size;
        if (matcher.group(3).isEmpty()) {
            size = switch (kind) {
                case 'O' -> 8;
                case 'b' -> 1;
                case 'S', 'U', 'V' -> 0;
                default -> throw new CorruptModelException(where + ": numpy type '" + typestr + "' lacks its size.");
            };
        } else {
            if (matcher.group(3).length() > 12) {
                throw new CorruptModelException(where + ": numpy type '" + typestr + "' has an absurd size.");
            }
            size = Long.parseLong(matcher.group(3));
        }
        if (kind == 'U') {
            size = Math.multiplyExact(size, 4);
        }
        char order = matcher.group(1).isEmpty() ? '=' : matcher.group(1).charAt(0);
        return new NumpyDType(kind, normalOrder(order, size), size);
    }

    /** A structured dtype of {@code itemSize} bytes with {@code fields}. */
    public static NumpyDType structured(List<Field> fields, long itemSize) {
        NumpyDType dtype = new NumpyDType('V', '|', itemSize);
        dtype.fields = List.copyOf(fields);
        return dtype;
    }

    /** A subarray dtype: {@code shape} elements of {@code base}, {@code itemSize} bytes in all. */
    static NumpyDType ofSubarray(NumpyDType base, long[] shape, long itemSize) {
        NumpyDType dtype = new NumpyDType('V', '|', itemSize);
        dtype.subarray = new Subarray(base, shape);
        return dtype;
    }

    /** {@code =} (native) is read as little-endian, the byte order of every machine these files come from. */
    private static char normalOrder(char order, long size) {
        if (size <= 1 && order != '>') {
            return '|';
        }
        return order == '=' ? '<' : order;
    }

    public char kind() {
        return kind;
    }

    public long itemSize() {
        return itemSize;
    }

    public char byteOrder() {
        return byteOrder;
    }

    public boolean bigEndian() {
        return byteOrder == '>' && itemSize > 1;
    }

    public boolean isObject() {
        return kind == 'O';
    }

    public boolean isStructured() {
        return !fields.isEmpty();
    }

    public List<Field> fields() {
        return fields;
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /** numpy's {@code dtype.str}, e.g. {@code <f8}, {@code |u1}, {@code <U5} (characters). */
    public String str() {
        long size = kind == 'U' ? itemSize / 4 : itemSize;
        return String.valueOf(byteOrder) + kind + size;
    }

    /**
     * The Brine dtype of a numeric numpy dtype. Complex, datetime, text, object and structured dtypes have none:
     * {@link UnsupportedModelException}.
     */
    public DType toDType(String where) {
        Optional<DType> dtype = switch (kind) {
            case 'f' -> itemSize == 8 ? Optional.of(DType.F64) : itemSize == 4 ? Optional.of(DType.F32)
                    : itemSize == 2 ? Optional.of(DType.F16) : Optional.empty();
            case 'i' -> itemSize == 8 ? Optional.of(DType.I64) : itemSize == 4 ? Optional.of(DType.I32)
                    : itemSize == 2 ? Optional.of(DType.I16) : itemSize == 1 ? Optional.of(DType.I8) : Optional.empty();
            case 'u' -> itemSize == 8 ? Optional.of(DType.U64) : itemSize == 4 ? Optional.of(DType.U32)
                    : itemSize == 2 ? Optional.of(DType.U16) : itemSize == 1 ? Optional.of(DType.U8) : Optional.empty();
            case 'b' -> itemSize == 1 ? Optional.of(DType.BOOL) : Optional.empty();
            default -> Optional.empty();
        };
        return dtype.orElseThrow(() -> new UnsupportedModelException(where + ": numpy dtype " + str()
                + (isStructured() ? " (structured)" : "") + " has no Brine tensor dtype; Brine reads numeric arrays"
                + " (float16/32/64, signed and unsigned 8-64 bit integers, bool)."));
    }

    /**
     * The BUILD state of a pickled dtype: {@code (version, byteorder, subarray, names, fields, elsize, alignment,
     * flags[, metadata])}, versions 3 and 4 (numpy's {@code arraydescr_setstate}).
     */
    @Override
    public PyValue build(PyValue state, PickleContext context) {
        if (!(state instanceof PyTuple tuple) || (tuple.size() != 8 && tuple.size() != 9)) {
            throw context.unsupported("numpy dtype state " + state + "; Brine reads the 8- and 9-item states of"
                    + " numpy 1.x and 2.x");
        }
        if (!(tuple.get(1) instanceof PyStr order) || order.value().length() != 1
                || "<>|=".indexOf(order.value().charAt(0)) < 0) {
            throw context.corrupt("numpy dtype byte order " + tuple.get(1));
        }
        if (tuple.get(5) instanceof PyInt elsize && elsize.value().signum() > 0) {
            itemSize = longOf(elsize, context);
        }
        byteOrder = normalOrder(order.value().charAt(0), itemSize);
        if (tuple.get(2) instanceof PyTuple subarrayState) {
            if (subarrayState.size() != 2 || !(subarrayState.get(0) instanceof NumpyDType base)
                    || !(subarrayState.get(1) instanceof PyTuple dims)) {
                throw context.corrupt("numpy subarray dtype " + subarrayState);
            }
            subarray = new Subarray(base, NumpyValues.dims(dims, context));
        }
        if (tuple.get(3) instanceof PyTuple names && tuple.get(4) instanceof PyDict fieldMap) {
            List<Field> parsed = new ArrayList<>();
            for (PyValue name : names.items()) {
                if (!(name instanceof PyStr fieldName)) {
                    throw context.corrupt("numpy field name " + name + " is not a str");
                }
                PyValue spec = fieldMap.get(fieldName.value()).orElseThrow(
                        () -> context.corrupt("numpy field '" + fieldName.value() + "' has no entry in fields"));
                if (!(spec instanceof PyTuple fieldSpec) || fieldSpec.size() < 2
                        || !(fieldSpec.get(0) instanceof NumpyDType fieldType)
                        || !(fieldSpec.get(1) instanceof PyInt fieldOffset)) {
                    throw context.corrupt("numpy field '" + fieldName.value() + "' spec " + spec);
                }
                long offset = longOf(fieldOffset, context);
                if (offset < 0 || offset + fieldType.itemSize() > itemSize) {
                    throw context.corrupt("numpy field '" + fieldName.value() + "' at offset " + offset
                            + " does not fit the " + itemSize + "-byte record");
                }
                parsed.add(new Field(fieldName.value(), fieldType, offset));
            }
            fields = List.copyOf(parsed);
        } else if (tuple.get(3) != PyNone.NONE) {
            throw context.corrupt("numpy dtype names " + tuple.get(3) + " without fields");
        }
        return this;
    }

    private static long longOf(PyInt value, PickleContext context) {
        if (!value.fitsLong()) {
            throw context.corrupt("numpy dtype size " + value + " is out of range");
        }
        return value.longValue();
    }

    /** The element type and shape of a subarray dtype; its items are still {@link #itemSize()} bytes each. */
    public Optional<Subarray> subarray() {
        return Optional.ofNullable(subarray);
    }

    @Override
    public String typeName() {
        return "numpy.dtype";
    }

    @Override
    public String toString() {
        return "dtype('" + str() + "'" + (isStructured() ? " " + fields.stream().map(Field::name).toList() : "")
                + ")";
    }
}
