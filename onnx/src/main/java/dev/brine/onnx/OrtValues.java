package dev.brine.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between Brine tensors and ONNX Runtime values; the only place that knows both type systems. */
final class OrtValues {

    private OrtValues() {
    }

    /** What ONNX Runtime returned for one output, in Brine's terms. */
    sealed interface Output {
        /** A numeric or bool tensor. */
        record Numeric(Tensor tensor) implements Output {
        }

        /** A string tensor (sklearn-onnx labels), flattened row-major. */
        record Strings(String[] values, long[] shape) implements Output {
        }

        /** A sequence of maps (sklearn-onnx ZipMap probabilities): one map per row, keys as text. */
        record MapRows(List<Map<String, Double>> rows) implements Output {
        }
    }

    /** An ORT tensor over the tensor's memory when it is native, or over a copy when it lives on the heap. */
    static OnnxTensor toOrt(OrtEnvironment environment, Tensor tensor, String inputName) throws OrtException {
        OnnxJavaType type = switch (tensor.dtype()) {
            case F32 -> OnnxJavaType.FLOAT;
            case F64 -> OnnxJavaType.DOUBLE;
            case F16 -> OnnxJavaType.FLOAT16;
            case BF16 -> OnnxJavaType.BFLOAT16;
            case I64 -> OnnxJavaType.INT64;
            case I32 -> OnnxJavaType.INT32;
            case I16 -> OnnxJavaType.INT16;
            case I8 -> OnnxJavaType.INT8;
            case U8 -> OnnxJavaType.UINT8;
            case BOOL -> OnnxJavaType.BOOL;
            case U64, U32, U16, F8_E4M3, F8_E5M2 -> throw new UnsupportedModelException("input \"" + inputName
                    + "\" is " + tensor.dtype() + ", which ONNX Runtime's Java API cannot pass in.");
        };
        MemorySegment data = tensor.data();
        ByteBuffer buffer = data.isNative() ? data.asByteBuffer() : ByteBuffer.allocateDirect(
                Math.toIntExact(data.byteSize())).put(data.asByteBuffer()).flip();
        return OnnxTensor.createTensor(environment, buffer.order(java.nio.ByteOrder.nativeOrder()),
                tensor.shape().dims(), type);
    }

    static Output fromOrt(OnnxValue value, String outputName) throws OrtException {
        return switch (value) {
            case OnnxTensor tensor -> fromTensor(tensor, outputName);
            case OnnxSequence sequence -> fromSequence(sequence, outputName);
            default -> throw new UnsupportedModelException("output \"" + outputName + "\" is an ONNX "
                    + value.getType() + " value, which Brine does not convert.");
        };
    }

    private static Output fromTensor(OnnxTensor tensor, String outputName) throws OrtException {
        TensorInfo info = tensor.getInfo();
        if (info.type == OnnxJavaType.STRING) {
            return new Output.Strings(flatStrings(tensor.getValue()), info.getShape());
        }
        DType dtype = switch (info.type) {
            case FLOAT -> DType.F32;
            case DOUBLE -> DType.F64;
            case FLOAT16 -> DType.F16;
            case BFLOAT16 -> DType.BF16;
            case INT64 -> DType.I64;
            case INT32 -> DType.I32;
            case INT16 -> DType.I16;
            case INT8 -> DType.I8;
            case UINT8 -> DType.U8;
            case BOOL -> DType.BOOL;
            default -> throw new UnsupportedModelException("output \"" + outputName + "\" has ONNX type "
                    + info.onnxType + ", which Brine does not convert.");
        };
        ByteBuffer bytes = tensor.getByteBuffer();
        Tensor out = Tensor.zeros(dtype, info.getShape());
        MemorySegment.copy(MemorySegment.ofBuffer(bytes), 0, out.data(), 0, out.byteSize());
        return new Output.Numeric(out);
    }

    private static String[] flatStrings(Object value) {
        List<String> out = new ArrayList<>();
        flatten(value, out);
        return out.toArray(String[]::new);
    }

    private static void flatten(Object value, List<String> out) {
        if (value instanceof String string) {
            out.add(string);
        } else if (value instanceof Object[] array) {
            for (Object item : array) {
                flatten(item, out);
            }
        }
    }

    private static Output fromSequence(OnnxSequence sequence, String outputName) throws OrtException {
        List<Map<String, Double>> rows = new ArrayList<>();
        for (OnnxValue item : sequence.getValue()) {
            if (!(item instanceof OnnxMap map)) {
                throw new UnsupportedModelException("output \"" + outputName + "\" is a sequence of "
                        + item.getType() + "; Brine converts sequences of maps (ZipMap) only.");
            }
            Map<String, Double> row = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.getValue().entrySet()) {
                row.put(String.valueOf(entry.getKey()), ((Number) entry.getValue()).doubleValue());
            }
            rows.add(row);
        }
        return new Output.MapRows(rows);
    }
}
