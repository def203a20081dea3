package dev.brine.python.torch;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.DType;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyGlobal;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The torch globals of {@code torch.save} files, modelled on torch's own {@code weights_only} unpickler
 * (docs/python-formats.md): tensor and parameter rebuild functions, storage classes, dtypes, {@code torch.Size}, and the
 * standard {@code torch.nn} layer classes as plain data. Nothing of torch runs; user-defined modules are refused.
 */
public final class TorchGlobals {

    /** Legacy storage classes and the element type of each (docs/python-formats.md). */
    static final Map<String, DType> STORAGE_TYPES = Map.ofEntries(
            Map.entry("DoubleStorage", DType.F64), Map.entry("FloatStorage", DType.F32),
            Map.entry("HalfStorage", DType.F16), Map.entry("BFloat16Storage", DType.BF16),
            Map.entry("LongStorage", DType.I64), Map.entry("IntStorage", DType.I32),
            Map.entry("ShortStorage", DType.I16), Map.entry("CharStorage", DType.I8),
            Map.entry("ByteStorage", DType.U8), Map.entry("BoolStorage", DType.BOOL));

    /**
     * The legacy tensor classes ({@code torch.FloatTensor}, {@code torch.cuda.FloatTensor}…) the pre-0.4 tar format
     * names in its tensor records; the element type comes from the storage.
     */
    static final List<String> LEGACY_TENSOR_TYPES = List.of("DoubleTensor", "FloatTensor", "HalfTensor", "LongTensor",
            "IntTensor", "ShortTensor", "CharTensor", "ByteTensor");

    /** Storage classes torch has that Brine has no dtype for. */
    private static final List<String> UNSUPPORTED_STORAGE_TYPES = List.of("ComplexDoubleStorage",
            "ComplexFloatStorage", "QInt8Storage", "QUInt8Storage", "QInt32Storage", "QUInt4x2Storage",
            "QUInt2x4Storage");

    /** {@code torch.<dtype>} names and Brine's dtype. */
    static final Map<String, DType> DTYPES = Map.ofEntries(
            Map.entry("float64", DType.F64), Map.entry("float32", DType.F32), Map.entry("float16", DType.F16),
            Map.entry("bfloat16", DType.BF16), Map.entry("float8_e4m3fn", DType.F8_E4M3),
            Map.entry("float8_e5m2", DType.F8_E5M2), Map.entry("int64", DType.I64), Map.entry("int32", DType.I32),
            Map.entry("int16", DType.I16), Map.entry("int8", DType.I8), Map.entry("uint64", DType.U64),
            Map.entry("uint32", DType.U32), Map.entry("uint16", DType.U16), Map.entry("uint8", DType.U8),
            Map.entry("bool", DType.BOOL));

    private static final List<String> UNSUPPORTED_DTYPES = List.of("complex32", "complex64", "complex128",
            "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu", "qint8", "quint8", "qint32", "quint4x2",
            "quint2x4", "bits8", "bits16", "bits1x8", "bits2x4", "bits4x2");

    /** Standard layers a whole pickled module may contain: plain data, mapped by the model readers. */
    private static final List<String[]> MODULES = List.of(
            new String[] {"torch.nn.modules.container", "Sequential"},
            new String[] {"torch.nn.modules.container", "ModuleList"},
            new String[] {"torch.nn.modules.container", "ModuleDict"},
            new String[] {"torch.nn.modules.linear", "Linear"},
            new String[] {"torch.nn.modules.linear", "Identity"},
            new String[] {"torch.nn.modules.activation", "ReLU"},
            new String[] {"torch.nn.modules.activation", "LeakyReLU"},
            new String[] {"torch.nn.modules.activation", "Sigmoid"},
            new String[] {"torch.nn.modules.activation", "Tanh"},
            new String[] {"torch.nn.modules.activation", "GELU"},
            new String[] {"torch.nn.modules.activation", "SiLU"},
            new String[] {"torch.nn.modules.activation", "ELU"},
            new String[] {"torch.nn.modules.activation", "Softmax"},
            new String[] {"torch.nn.modules.activation", "LogSoftmax"},
            new String[] {"torch.nn.modules.dropout", "Dropout"},
            new String[] {"torch.nn.modules.batchnorm", "BatchNorm1d"},
            new String[] {"torch.nn.modules.normalization", "LayerNorm"},
            new String[] {"torch.nn.modules.flatten", "Flatten"},
            new String[] {"torch.nn.modules.activation", "ReLU6"},
            new String[] {"torch.nn.modules.activation", "Hardswish"},
            new String[] {"torch.nn.modules.activation", "Hardsigmoid"},
            new String[] {"torch.nn.modules.activation", "Mish"},
            new String[] {"torch.nn.modules.conv", "Conv1d"},
            new String[] {"torch.nn.modules.conv", "Conv2d"},
            new String[] {"torch.nn.modules.batchnorm", "BatchNorm2d"},
            new String[] {"torch.nn.modules.pooling", "MaxPool1d"},
            new String[] {"torch.nn.modules.pooling", "MaxPool2d"},
            new String[] {"torch.nn.modules.pooling", "AvgPool1d"},
            new String[] {"torch.nn.modules.pooling", "AvgPool2d"},
            new String[] {"torch.nn.modules.pooling", "AdaptiveAvgPool1d"},
            new String[] {"torch.nn.modules.pooling", "AdaptiveAvgPool2d"},
            new String[] {"torch.nn.modules.dropout", "Dropout1d"},
            new String[] {"torch.nn.modules.dropout", "Dropout2d"});

    private TorchGlobals() {
    }

    public static AllowList allowList() {
        AllowList.Builder builder = AllowList.builder()
                .allow("torch._utils", "_rebuild_tensor", (g, args, context) -> rebuild(args, 4, context))
                .allow("torch._utils", "_rebuild_tensor_v2", (g, args, context) -> rebuild(args, 6, context))
                .allow("torch._utils", "_rebuild_tensor_v3", TorchGlobals::rebuildV3)
                .allow("torch._utils", "_rebuild_parameter", TorchGlobals::parameter)
                .allow("torch._utils", "_rebuild_parameter_with_state", TorchGlobals::parameter)
                .allow("torch._tensor", "_rebuild_from_type_v2", TorchGlobals::fromType)
                .allow("torch", "Size", TorchGlobals::size)
                .allowPlainClass("torch", "device")
                .allowValue("torch", "Tensor")
                .allowValue("torch.nn.parameter", "Parameter")
                .allowValue("torch.storage", "UntypedStorage")
                .allowValue("torch.storage", "TypedStorage");
        STORAGE_TYPES.keySet().forEach(name -> builder.allowValue("torch", name));
        UNSUPPORTED_STORAGE_TYPES.forEach(name -> builder.allowValue("torch", name));
        LEGACY_TENSOR_TYPES.forEach(name -> builder.allowValue("torch", name).allowValue("torch.cuda", name));
        DTYPES.keySet().forEach(name -> builder.allowValue("torch", name));
        UNSUPPORTED_DTYPES.forEach(name -> builder.allowValue("torch", name));
        MODULES.forEach(module -> builder.allowPlainClass(module[0], module[1]));
        return builder.build();
    }

    /** The element type of a storage class, refusing the ones Brine has no dtype for. */
    static DType storageType(PyGlobal type, PickleContext context) {
        return storageType(type, context.where());
    }

    /** The element type of a storage class; {@code where} names the place for the refusal. */
    static DType storageType(PyGlobal type, String where) {
        if (type.module().equals("torch")) {
            DType dtype = STORAGE_TYPES.get(type.name());
            if (dtype != null) {
                return dtype;
            }
            if (type.name().equals("UntypedStorage")) {
                return DType.U8;
            }
        }
        if (type.equals(new PyGlobal("torch.storage", "UntypedStorage"))) {
            return DType.U8;
        }
        throw new UnsupportedModelException(where + ": torch storage type " + type.qualifiedName()
                + " (complex or quantized) has no Brine dtype.");
    }

    /** {@code _rebuild_tensor(storage, offset, size, stride)} and {@code _rebuild_tensor_v2(…, requires_grad, hooks[, metadata])}. */
    private static PyValue rebuild(PyTuple args, int minimumArgs, PickleContext context) {
        if (args.size() < minimumArgs || args.size() > minimumArgs + 1 || !(args.get(0) instanceof TorchStorage storage)) {
            throw context.corrupt("torch tensor rebuild arguments " + args);
        }
        boolean grad = args.size() > 4 && args.get(4) instanceof PyBool flag && flag.value();
        return tensor(storage, args, grad, context);
    }

    /** {@code _rebuild_tensor_v3(storage, offset, size, stride, requires_grad, hooks, dtype[, metadata])}. */
    private static PyValue rebuildV3(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() < 7 || args.size() > 8 || !(args.get(0) instanceof TorchStorage storage)
                || !(args.get(6) instanceof PyGlobal dtypeName)) {
            throw context.corrupt("torch _rebuild_tensor_v3 arguments " + args);
        }
        DType dtype = Optional.ofNullable(DTYPES.get(dtypeName.name())).filter(d -> dtypeName.module().equals("torch"))
                .orElseThrow(() -> new UnsupportedModelException(context.where() + ": torch dtype "
                        + dtypeName.qualifiedName() + " has no Brine dtype."));
        boolean grad = args.get(4) instanceof PyBool flag && flag.value();
        return tensor(storage.retyped(dtype, context.where()), args, grad, context);
    }

    private static TorchTensor tensor(TorchStorage storage, PyTuple args, boolean grad, PickleContext context) {
        long offset = bounded(args.get(1), context, "storage offset");
        long[] size = dims(args.get(2), context, "size");
        long[] stride = dims(args.get(3), context, "stride");
        if (size.length != stride.length) {
            throw context.corrupt("torch tensor size " + args.get(2) + " and stride " + args.get(3)
                    + " differ in rank");
        }
        return new TorchTensor(storage, offset, size, stride, grad, false, context.where());
    }

    private static long[] dims(PyValue value, PickleContext context, String what) {
        if (!(value instanceof PyTuple tuple) || tuple.size() > context.limits().maxRank()) {
            throw context.corrupt("torch tensor " + what + " " + value + " is not a tuple within maxRank");
        }
        long[] dims = new long[tuple.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = bounded(tuple.get(i), context, what);
        }
        return dims;
    }

    /** Sizes, strides and offsets: non-negative and small enough that byte arithmetic cannot overflow. */
    private static long bounded(PyValue value, PickleContext context, String what) {
        if (!(value instanceof PyInt number) || number.value().signum() < 0 || number.value().bitLength() > 48) {
            throw context.corrupt("torch tensor " + what + " " + value + " is not an int in [0, 2^48)");
        }
        return number.longValue();
    }

    /** {@code _rebuild_parameter(data, requires_grad, hooks)} and {@code _rebuild_parameter_with_state(…, state)}. */
    private static PyValue parameter(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() < 3 || !(args.get(0) instanceof TorchTensor tensor)) {
            throw context.corrupt("torch parameter rebuild arguments " + args);
        }
        return tensor.asParameter(args.get(1) instanceof PyBool flag && flag.value());
    }

    /** {@code _rebuild_from_type_v2(func, type, args, state)}: only delegates to another allow-listed function. */
    private static PyValue fromType(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() != 4 || !(args.get(0) instanceof PyGlobal function) || !(args.get(2) instanceof PyTuple inner)) {
            throw context.corrupt("torch _rebuild_from_type_v2 arguments " + args);
        }
        return context.handlerFor(function).call(function, inner, context);
    }

    /** {@code torch.Size((2, 3))} is the tuple. */
    private static PyValue size(PyGlobal global, PyTuple args, PickleContext context) {
        if (args.size() != 1 || !(args.get(0) instanceof PyTuple dims)) {
            throw context.corrupt("torch.Size arguments " + args);
        }
        return dims;
    }
}
