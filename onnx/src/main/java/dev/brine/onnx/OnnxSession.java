package dev.brine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session over a self-contained model (no external references: {@code ModelUnpacker} resolved
 * them). The session is closed when this object becomes unreachable, since {@link dev.brine.core.model.Model} has no
 * {@code close()}. {@link #run} is thread-safe, as {@link OrtSession#run} is.
 */
final class OnnxSession {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OrtEnvironment environment;
    private final OrtSession session;

    private OnnxSession(OrtEnvironment environment, OrtSession session) {
        this.environment = environment;
        this.session = session;
        CLEANER.register(this, new Closer(session));
    }

    /** Closes the native session; holds no reference to the {@link OnnxSession} so that it can become unreachable. */
    private record Closer(OrtSession session) implements Runnable {
        @Override
        public void run() {
            try {
                session.close();
            } catch (OrtException e) {
                // Nothing can be done about a failed close of an unreachable session.
            }
        }
    }

    /** A session over the complete model bytes; ONNX Runtime copies what it needs, so the bytes may be freed after. */
    static OnnxSession open(MemorySegment model, String source) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "brine");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            return new OnnxSession(environment, environment.createSession(model.asByteBuffer(), options));
        } catch (OrtException e) {
            throw refused(source, e);
        }
    }

    /** Runs the model; outputs in the order {@code outputNames} lists them. */
    Map<String, OrtValues.Output> run(Map<String, Tensor> inputs, List<String> outputNames, String source) {
        Map<String, OnnxTensor> ortInputs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
                ortInputs.put(input.getKey(), OrtValues.toOrt(environment, input.getValue(), input.getKey()));
            }
            try (OrtSession.Result result = session.run(ortInputs, new java.util.LinkedHashSet<>(outputNames))) {
                Map<String, OrtValues.Output> outputs = new LinkedHashMap<>();
                for (String name : outputNames) {
                    OnnxValue value = result.get(name).orElseThrow();
                    outputs.put(name, OrtValues.fromOrt(value, name));
                }
                return outputs;
            }
        } catch (OrtException e) {
            throw new dev.brine.core.IncompatibleModelException(source + ": ONNX Runtime refused the input: "
                    + e.getMessage(), e);
        } finally {
            ortInputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * ONNX Runtime's refusal of a model, typed: operators or opsets it lacks are unsupported, anything else means the
     * graph is malformed.
     */
    private static RuntimeException refused(String source, OrtException e) {
        String message = String.valueOf(e.getMessage());
        boolean unsupported = message.contains("not implemented") || message.contains("Unsupported")
                || message.contains("is not a registered function/op") || message.contains("opset");
        String text = source + ": ONNX Runtime cannot load the model: " + message;
        return unsupported ? new UnsupportedModelException(text, e) : new CorruptModelException(text, e);
    }
}
