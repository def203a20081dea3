package dev.brine.server;

import dev.brine.core.model.Classifier;
import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one inference request on one model version: matches the input to the model's signature (name, dtype,
 * shape, row limit), predicts, and builds the outputs asked for. Every output comes from the same version.
 *
 * <p>Outputs: the model's own output (its signature's name, {@code output} when it has none); for a classifier
 * also {@code probabilities} (FP64, rows × classes) and {@code class} (BYTES, the class labels).
 */
final class Inference {
    static final String PROBABILITIES = "probabilities";
    static final String CLASS = "class";
    private static final String DEFAULT_OUTPUT = "output";

    private Inference() {
    }

    /** The input the model takes, when its signature says. */
    static TensorSpec inputSpec(LiveVersion live) {
        List<TensorSpec> inputs = live.model().signature().inputs();
        return inputs.isEmpty() ? null : inputs.getFirst();
    }

    static String primaryOutput(Signature signature) {
        return signature.outputs().isEmpty() ? DEFAULT_OUTPUT : signature.outputs().getFirst().name();
    }

    /** Names of every output the version can produce, primary first. */
    static List<String> outputNames(LiveVersion live) {
        String primary = primaryOutput(live.model().signature());
        List<String> names = new ArrayList<>(List.of(primary));
        if (live.classifier().isPresent()) {
            for (String extra : List.of(PROBABILITIES, CLASS)) {
                if (!extra.equals(primary)) {
                    names.add(extra);
                }
            }
        }
        return names;
    }

    /** Rows in a request input (its first dimension; 1 for a scalar). */
    static long rows(long[] shape) {
        return shape.length == 0 ? 1 : shape[0];
    }

    static InferResponse run(LiveVersion live, InferRequest request, long maxBatchRows) {
        ModelInput input = modelInput(live, request, maxBatchRows);
        boolean binaryByDefault = request.booleanParameter("binary_data_output");
        List<String> available = outputNames(live);
        List<InferRequest.RequestedOutput> requested = request.outputs().isEmpty()
                ? List.of(new InferRequest.RequestedOutput(available.getFirst(), java.util.Optional.empty()))
                : request.outputs();
        Map<String, Tensor> computed = new LinkedHashMap<>();
        List<InferResponse.Output> outputs = new ArrayList<>(requested.size());
        for (InferRequest.RequestedOutput output : requested) {
            if (!available.contains(output.name())) {
                throw HttpError.badRequest("output '" + output.name() + "' is not an output of model '"
                        + live.modelName() + "'; it has " + available);
            }
            boolean binary = output.binary().orElse(binaryByDefault);
            outputs.add(produce(live, output.name(), input, computed, binary));
        }
        return new InferResponse(live.modelName(), live.version(), request.id(), outputs);
    }

    private static InferResponse.Output produce(LiveVersion live, String name, ModelInput input,
                                                Map<String, Tensor> computed, boolean binary) {
        if (name.equals(primaryOutput(live.model().signature()))) {
            return InferResponse.Output.numbers(name, predictOnce(live, input, computed), binary);
        }
        if (name.equals(PROBABILITIES)) {
            return InferResponse.Output.numbers(name, input.predictProba(live), binary);
        }
        Tensor indices = predictOnce(live, input, computed);
        return InferResponse.Output.strings(name, labels(live.classifier().orElseThrow(), indices), binary);
    }

    private static Tensor predictOnce(LiveVersion live, ModelInput input, Map<String, Tensor> computed) {
        return computed.computeIfAbsent("predict", ignored -> input.predict(live));
    }

    /** The labels of predicted class indices. */
    static List<String> labels(Classifier classifier, Tensor indices) {
        List<String> classLabels = classifier.classLabels();
        List<String> labels = new ArrayList<>((int) indices.numElements());
        for (long i = 0; i < indices.numElements(); i++) {
            long index = indices.getLong(i);
            if (index < 0 || index >= classLabels.size()) {
                throw new IllegalStateException("the classifier predicted class index " + index + " of "
                        + classLabels.size() + " labels");
            }
            labels.add(classLabels.get((int) index));
        }
        return labels;
    }

    /**
     * The request's one input, checked against the signature and converted when that is exact. A tabular model
     * also takes its input as BYTES {@code [rows, features]}: text cells, typed per column as {@code brine predict}
     * types a CSV file (an empty string is a missing value).
     */
    private static ModelInput modelInput(LiveVersion live, InferRequest request, long maxBatchRows) {
        TensorSpec spec = inputSpec(live);
        String takes = spec == null ? "one input" : "one input, " + describe(spec);
        if (request.inputs().size() != 1) {
            throw HttpError.unprocessable("model '" + live.modelName() + "' takes " + takes + "; the request has "
                    + request.inputs().size() + ": " + request.inputs().stream().map(InferRequest.Input::name)
                    .toList());
        }
        InferRequest.Input input = request.inputs().getFirst();
        if (spec != null && !spec.name().equals(input.name())) {
            throw HttpError.unprocessable("input '" + input.name() + "' is not an input of model '"
                    + live.modelName() + "'; it takes " + describe(spec));
        }
        long rows = rows(input.shape());
        if (rows > maxBatchRows) {
            throw HttpError.tooLarge("input '" + input.name() + "' has " + rows + " rows; at most " + maxBatchRows
                    + " are taken per request");
        }
        if (input.payload() instanceof InferRequest.Strings(List<byte[]> strings)) {
            if (spec == null || !ModelInput.takesTables(live)) {
                throw HttpError.unprocessable("input '" + input.name() + "' is BYTES; model '" + live.modelName()
                        + "' takes " + (spec == null ? "numbers" : describe(spec)));
            }
            checkShape(live, spec, input);
            int width = Math.toIntExact(input.shape()[1]);
            List<String> cells = new ArrayList<>(strings.size());
            for (int i = 0; i < strings.size(); i++) {
                cells.add(ModelInput.utf8(strings.get(i), input.name(), i));
            }
            return ModelInput.fromCells(live, cells, Math.toIntExact(rows), ModelInput.columnNames(live, width));
        }
        Tensor tensor = ((InferRequest.Numbers) input.payload()).tensor();
        if (spec == null) {
            return new ModelInput.OfTensor(tensor);
        }
        checkShape(live, spec, input);
        if (!Widening.isExact(tensor.dtype(), spec.dtype())) {
            throw HttpError.unprocessable("input '" + input.name() + "' is " + input.datatype() + "; model '"
                    + live.modelName() + "' takes " + describe(spec) + " (only conversions that keep every value"
                    + " exactly are made)");
        }
        return new ModelInput.OfTensor(tensor.dtype() == spec.dtype() ? tensor : tensor.to(spec.dtype()));
    }

    private static void checkShape(LiveVersion live, TensorSpec spec, InferRequest.Input input) {
        if (!spec.accepts(input.shape())) {
            throw HttpError.unprocessable("input '" + input.name() + "' has shape " + input.shapeText()
                    + "; model '" + live.modelName() + "' takes " + describe(spec));
        }
    }

    /** {@code 'input' FP64 [-1, 4]}, where -1 means any size. */
    static String describe(TensorSpec spec) {
        return "'" + spec.name() + "' " + Datatype.of(spec.dtype()) + " " + Arrays.toString(spec.shape())
                + (Arrays.stream(spec.shape()).anyMatch(d -> d == -1) ? " (-1: any size)" : "");
    }

    static DType dtypeOf(TensorSpec spec) {
        return spec == null ? DType.F64 : spec.dtype();
    }
}
