package dev.brine.keras.hdf5;

import dev.brine.core.BrineException;
import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.LoadBudget;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Read-only access to an HDF5 file through jhdf, with what a hostile file needs: every size checked against the
 * {@link Limits} before jhdf allocates it, links refused (an external link would make the reader open another file),
 * and jhdf's own failures turned into {@link CorruptModelException} naming the object. Contiguous little-endian
 * datasets (what Keras writes) become tensors that are slices of the file's mapping; others are decoded by jhdf.
 */
public final class Hdf5Archive implements AutoCloseable {
    private final HdfFile file;
    private final MemorySegment bytes;
    private final String source;
    private final Limits limits;
    private long decodedBytes;

    private Hdf5Archive(HdfFile file, MemorySegment bytes, String source, Limits limits) {
        this.file = file;
        this.bytes = bytes;
        this.source = source;
        this.limits = limits;
    }

    /** Opens HDF5 bytes (a mapped file or an archive entry); the segment must outlive the tensors read. */
    public static Hdf5Archive open(MemorySegment bytes, String source, Limits limits) {
        HdfFile file = guard(source, "the HDF5 structure", () -> HdfFile.fromByteBuffer(
                bytes.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN)));
        return new Hdf5Archive(file, bytes, source, limits);
    }

    public String source() {
        return source;
    }

    /** True when {@code path} (slash-separated, "" for the root) names a group. */
    public boolean hasGroup(String path) {
        return node(path).filter(Node::isGroup).isPresent();
    }

    public boolean hasDataset(String path) {
        return node(path).filter(node -> node instanceof Dataset).isPresent();
    }

    /** Names of a group's children, in the file's (alphabetical) order. */
    public List<String> children(String path) {
        Group group = group(path);
        return guard(source, path, () -> new ArrayList<>(group.getChildren().keySet()));
    }

    /** A string attribute (fixed- or variable-length), if present. */
    public Optional<String> stringAttribute(String path, String name) {
        Optional<Attribute> attribute = attribute(path, name);
        if (attribute.isEmpty()) {
            return Optional.empty();
        }
        Object value = read(attribute.get(), path, name);
        if (value instanceof String string) {
            return Optional.of(string);
        }
        if (value instanceof String[] strings && strings.length == 1) {
            return Optional.of(strings[0]);
        }
        throw new CorruptModelException(where(path) + ": attribute \"" + name + "\" is not a string.");
    }

    /**
     * A list of strings stored the way Keras stores {@code layer_names} and {@code weight_names}: a string array,
     * split into {@code name0}, {@code name1}… when over 64 KB, and an empty float array when the list is empty.
     */
    public List<String> stringList(String path, String name) {
        if (attribute(path, name).isPresent()) {
            return strings(path, name);
        }
        List<String> out = new ArrayList<>();
        for (int chunk = 0; attribute(path, name + chunk).isPresent(); chunk++) {
            out.addAll(strings(path, name + chunk));
            Limits.check(where(path) + ": attribute " + name + " entries", out.size(), limits.maxElements(),
                    "maxElements");
        }
        return out;
    }

    private List<String> strings(String path, String name) {
        Object value = read(attribute(path, name).orElseThrow(), path, name);
        return switch (value) {
            case null -> List.of();
            case String string -> List.of(string);
            case String[] strings -> Arrays.asList(strings);
            case double[] empty when empty.length == 0 -> List.of();
            default -> throw new CorruptModelException(where(path) + ": attribute \"" + name
                    + "\" is not a list of strings.");
        };
    }

    /** A dataset as a tensor, its declared size checked before anything is read. */
    public Tensor dataset(String path) {
        Node node = node(path).orElseThrow(() -> new CorruptModelException(where(path) + ": no such dataset."));
        if (!(node instanceof Dataset dataset)) {
            throw new CorruptModelException(where(path) + " is a group, not a dataset.");
        }
        long[] dims = guard(source, path, dataset::getDimensionsAsLong);
        Limits.check(where(path) + ": rank", dims.length, limits.maxRank(), "maxRank");
        DataType type = guard(source, path, dataset::getDataType);
        DType dtype = dtypeOf(type, path);
        long byteSize = dtype.byteSize();
        for (long dim : dims) {
            if (dim < 0 || (dim > 0 && byteSize > Long.MAX_VALUE / dim)) {
                throw new CorruptModelException(where(path) + ": dimensions " + Arrays.toString(dims)
                        + " are negative or overflow 64 bits.");
            }
            byteSize *= dim;
        }
        Limits.check(where(path) + ": byte size", byteSize, limits.maxTensorBytes(), "maxTensorBytes");
        Shape shape = Shape.of(dims);
        if (byteSize == 0) {
            return Tensor.zeros(dtype, dims);
        }
        ByteOrder order = type instanceof FloatingPoint f ? f.getByteOrder() : ((FixedPoint) type).getByteOrder();
        if (dataset instanceof ContiguousDataset contiguous && order == ByteOrder.LITTLE_ENDIAN
                && dataset.getFilters().isEmpty()) {
            long offset = guard(source, path, contiguous::getDataAddress) + file.getUserBlockSize();
            if (offset >= 0 && offset <= bytes.byteSize() - byteSize) {
                return new Tensor(dtype, shape, bytes.asSlice(offset, byteSize));
            }
            throw new CorruptModelException(where(path) + ": the data at offset " + offset + " runs past the end of"
                    + " the file.");
        }
        decodedBytes += byteSize;
        Limits.check(source + ": bytes decoded from chunked or big-endian datasets", decodedBytes,
                limits.maxInMemoryBytes(), "maxInMemoryBytes");
        // jhdf decodes into a Java array, which is then copied into the tensor: both count.
        LoadBudget.charge(2 * byteSize, () -> "decoding dataset " + path);
        return copyOf(guard(source, path, dataset::getDataFlat), dtype, shape, path);
    }

    private Tensor copyOf(Object flat, DType dtype, Shape shape, String path) {
        Tensor tensor = Tensor.zeros(dtype, shape.dims());
        MemorySegment out = tensor.data();
        switch (flat) {
            case float[] values -> MemorySegment.copy(values, 0, out, LE_FLOAT, 0, values.length);
            case double[] values -> MemorySegment.copy(values, 0, out, LE_DOUBLE, 0, values.length);
            case long[] values -> MemorySegment.copy(values, 0, out, LE_LONG, 0, values.length);
            case int[] values -> MemorySegment.copy(values, 0, out, LE_INT, 0, values.length);
            case short[] values -> MemorySegment.copy(values, 0, out, LE_SHORT, 0, values.length);
            case byte[] values -> MemorySegment.copy(values, 0, out, ValueLayout.JAVA_BYTE, 0, values.length);
            default -> throw new UnsupportedModelException(where(path) + ": jhdf decoded "
                    + flat.getClass().getSimpleName() + ", which Brine does not convert.");
        }
        return tensor;
    }

    private static final ValueLayout.OfFloat LE_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble LE_DOUBLE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private DType dtypeOf(DataType type, String path) {
        if (type instanceof FloatingPoint floating) {
            return switch (floating.getSize()) {
                case 2 -> DType.F16;
                case 4 -> DType.F32;
                case 8 -> DType.F64;
                default -> throw unsupportedType(path, floating.getSize() + "-byte float");
            };
        }
        if (type instanceof FixedPoint fixed) {
            boolean signed = fixed.isSigned();
            return switch (fixed.getSize()) {
                case 1 -> signed ? DType.I8 : DType.U8;
                case 2 -> signed ? DType.I16 : DType.U16;
                case 4 -> signed ? DType.I32 : DType.U32;
                case 8 -> signed ? DType.I64 : DType.U64;
                default -> throw unsupportedType(path, fixed.getSize() + "-byte integer");
            };
        }
        throw unsupportedType(path, type.getClass().getSimpleName());
    }

    private UnsupportedModelException unsupportedType(String path, String what) {
        return new UnsupportedModelException(where(path) + " holds " + what + " values; Brine reads float and"
                + " integer datasets.");
    }

    private Object read(Attribute attribute, String path, String name) {
        long size = guard(source, path, attribute::getSizeInBytes);
        Limits.check(where(path) + ": attribute \"" + name + "\" size", size, limits.maxHeaderBytes(),
                "maxHeaderBytes");
        return guard(source, path + "@" + name, attribute::getData);
    }

    private Optional<Attribute> attribute(String path, String name) {
        Node node = node(path).orElseThrow(() -> new CorruptModelException(where(path) + ": no such group."));
        return Optional.ofNullable(guard(source, path, () -> node.getAttributes().get(name)));
    }

    private Group group(String path) {
        return node(path).filter(Node::isGroup).map(Group.class::cast)
                .orElseThrow(() -> new CorruptModelException(where(path) + ": no such group."));
    }

    /** The node at {@code path}, walking one name at a time so that no link is ever followed. */
    private Optional<Node> node(String path) {
        Node current = file;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!(current instanceof Group group)) {
                return Optional.empty();
            }
            Node child = guard(source, path, () -> group.getChildren().get(part));
            if (child == null) {
                return Optional.empty();
            }
            if (guard(source, path, child::isLink)) {
                throw new UnsafeModelException(where(path) + " is an HDF5 link. Keras never writes links; Brine"
                        + " does not follow them, since a link can point into another file.");
            }
            current = child;
        }
        return Optional.of(current);
    }

    private String where(String path) {
        return source + " /" + path;
    }

    /** Runs a jhdf call, turning its failures on a malformed file into {@link CorruptModelException}. */
    private static <T> T guard(String source, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (BrineException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new CorruptModelException(source + ": cannot read " + (what.isEmpty() ? "/" : what)
                    + " as HDF5 (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); the file is damaged"
                    + " or not an HDF5 file.", e);
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
