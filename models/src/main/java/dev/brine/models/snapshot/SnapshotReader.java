package dev.brine.models.snapshot;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonShapeException;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Reads a {@link ModelSnapshot} back into a model's fields, turning every surprise into the exception the
 * {@link dev.brine.core.model.ModelType} contract names: a malformed configuration is {@link CorruptModelException},
 * a missing tensor or one of the wrong shape or dtype is {@link IncompatibleModelException}, each with the model type
 * and the key at fault.
 */
public final class SnapshotReader {

    private final ModelSnapshot snapshot;

    public SnapshotReader(ModelSnapshot snapshot, String expectedType) {
        if (!snapshot.type().equals(expectedType)) {
            throw new IncompatibleModelException("snapshot of type \"" + snapshot.type() + "\" given to the restorer of \""
                    + expectedType + "\"");
        }
        this.snapshot = snapshot;
    }

    public ModelSnapshot snapshot() {
        return snapshot;
    }

    public String type() {
        return snapshot.type();
    }

    /** Parses the configuration; missing keys and wrong kinds of value become {@link CorruptModelException}. */
    public <T> T config(Function<Json.JsonObject, T> parser) {
        try {
            return parser.apply(snapshot.config());
        } catch (JsonShapeException | IllegalArgumentException | ArithmeticException | ClassCastException e) {
            throw new CorruptModelException("model type " + snapshot.type() + ": configuration is malformed: "
                    + e.getMessage(), e);
        }
    }

    public boolean has(String name) {
        return snapshot.tensors().stream().anyMatch(tensor -> tensor.name().equals(name));
    }

    public Tensor tensor(String name, long... expectedDims) {
        Tensor tensor = snapshot.tensor(name).tensor();
        long[] dims = tensor.shape().dims();
        boolean fits = dims.length == expectedDims.length;
        for (int i = 0; fits && i < dims.length; i++) {
            fits = expectedDims[i] == -1 || expectedDims[i] == dims[i];
        }
        if (!fits) {
            throw new IncompatibleModelException("model type " + snapshot.type() + ": tensor \"" + name + "\" has shape "
                    + tensor.shape() + ", the configuration needs " + Arrays.toString(expectedDims).replace('[', '(')
                    .replace(']', ')') + " (-1: any)");
        }
        return tensor;
    }

    /** A floating-point tensor as doubles (F64 exactly; F32/F16/BF16 widen exactly). */
    public double[] doubles(String name, long... expectedDims) {
        Tensor tensor = tensor(name, expectedDims);
        requireKind(name, tensor, isFloat(tensor.dtype()), "a floating-point dtype");
        return tensor.toDoubleArray();
    }

    public float[] floats(String name, long... expectedDims) {
        Tensor tensor = tensor(name, expectedDims);
        requireKind(name, tensor, tensor.dtype() == DType.F32, "F32");
        return tensor.toFloatArray();
    }

    public long[] longs(String name, long... expectedDims) {
        Tensor tensor = tensor(name, expectedDims);
        requireKind(name, tensor, !isFloat(tensor.dtype()), "an integer dtype");
        return tensor.toLongArray();
    }

    public int[] ints(String name, long... expectedDims) {
        long[] values = longs(name, expectedDims);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != (int) values[i]) {
                throw new IncompatibleModelException("model type " + snapshot.type() + ": tensor \"" + name + "\" item "
                        + i + " is " + values[i] + ", outside the 32-bit range this model uses");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    /** The tensors whose names start with {@code prefix + "."}, renamed without it (a child model's own view). */
    public java.util.List<NamedTensor> tensorsUnder(String prefix) {
        String start = prefix + ".";
        return snapshot.tensors().stream().filter(tensor -> tensor.name().startsWith(start))
                .map(tensor -> new NamedTensor(tensor.name().substring(start.length()), tensor.tensor(), tensor.role()))
                .toList();
    }

    private void requireKind(String name, Tensor tensor, boolean ok, String expected) {
        if (!ok) {
            throw new IncompatibleModelException("model type " + snapshot.type() + ": tensor \"" + name + "\" has dtype "
                    + tensor.dtype() + ", expected " + expected);
        }
    }

    private static boolean isFloat(DType dtype) {
        return switch (dtype) {
            case F64, F32, F16, BF16, F8_E4M3, F8_E5M2 -> true;
            default -> false;
        };
    }
}
