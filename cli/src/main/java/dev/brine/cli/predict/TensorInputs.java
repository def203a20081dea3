package dev.brine.cli.predict;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.model.Model;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.python.numpy.NumpyFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tensors for a model's named inputs: a {@code .npy} is the batch of the model's one input; an {@code .npz} holds one
 * member per input, named as the input; JSON Lines give one example per line, an object naming each input's value
 * (a number for a scalar input, nested arrays for the rest), stacked along a new first (batch) dimension; a model
 * whose input is a scalar (rank 0) runs once per line instead.
 */
final class TensorInputs {
    private TensorInputs() {
    }

    static Map<String, Tensor> npy(Path file, Model model, String source) {
        List<TensorSpec> inputs = model.signature().inputs();
        if (inputs.size() > 1) {
            throw new IncompatibleModelException(source + ": a .npy file holds one array, but the model takes "
                    + inputs.size() + " inputs " + names(inputs) + "; give an .npz with one member per input, or JSON"
                    + " Lines naming each input.");
        }
        return Map.of(inputs.isEmpty() ? "input" : inputs.getFirst().name(), NumpyFiles.read(file, Limits.DEFAULTS));
    }

    static Map<String, Tensor> npz(Path file, Model model, String source) {
        Map<String, Tensor> members = NumpyFiles.readNpz(file, Limits.DEFAULTS);
        List<TensorSpec> inputs = model.signature().inputs();
        if (inputs.size() == 1 && members.size() == 1) {
            return Map.of(inputs.getFirst().name(), members.values().iterator().next());
        }
        List<String> wanted = names(inputs);
        List<String> missing = wanted.stream().filter(name -> !members.containsKey(name)).toList();
        List<String> unknown = members.keySet().stream().filter(name -> !wanted.contains(name)).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new IncompatibleModelException(source + ": the members " + members.keySet() + " do not match the"
                    + " model's inputs " + wanted + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (unknown.isEmpty() ? "" : "; not inputs " + unknown) + ". Name each member after an input.");
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        wanted.forEach(name -> ordered.put(name, members.get(name)));
        return ordered;
    }

    /** Whether the model runs once per line (an input without a batch dimension). */
    static boolean perLine(Model model) {
        return model.signature().inputs().stream().anyMatch(spec -> spec.shape().length == 0);
    }

    /** Reads JSON Lines of named inputs; {@code batches} gets each batch (every line when {@link #perLine}). */
    static void jsonl(InputStream in, Model model, String source, int batchSize, Batches batches) {
        List<TensorSpec> inputs = model.signature().inputs();
        if (inputs.isEmpty()) {
            throw new IncompatibleModelException(source + ": the model does not declare its inputs, so JSON Lines"
                    + " cannot name them; give a .npy file.");
        }
        boolean perLine = perLine(model);
        int size = perLine ? 1 : batchSize;
        List<List<Double>> values = new ArrayList<>();
        inputs.forEach(spec -> values.add(new ArrayList<>()));
        long[][] exampleShapes = new long[inputs.size()][];
        int count = 0;
        long line = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) continue;
                Json value;
                try {
                    value = JsonParser.parse(text.startsWith("\uFEFF") ? text.substring(1) : text,
                            source + " line " + line, 0, Limits.DEFAULTS);
                } catch (dev.brine.core.CorruptModelException e) {
                    throw new IncompatibleModelException(e.getMessage());
                }
                if (!(value instanceof Json.JsonObject object)) {
                    throw new IncompatibleModelException(source + " line " + line + ": each line must be an object"
                            + " naming the model's inputs " + names(inputs) + ".");
                }
                List<String> unknown = object.members().keySet().stream()
                        .filter(key -> inputs.stream().noneMatch(spec -> spec.name().equals(key))).toList();
                if (!unknown.isEmpty()) {
                    throw new IncompatibleModelException(source + " line " + line + ": " + unknown + " are not inputs"
                            + " of the model; it takes " + names(inputs) + ".");
                }
                for (int i = 0; i < inputs.size(); i++) {
                    TensorSpec spec = inputs.get(i);
                    Json item = object.getOrNull(spec.name());
                    if (item == null) {
                        throw new IncompatibleModelException(source + " line " + line + ": input \"" + spec.name()
                                + "\" is missing; the model takes " + names(inputs) + ".");
                    }
                    // Per line: the input's whole value; in a batch: one example, the shape without the batch dimension.
                    long[] wanted = perLine || spec.shape().length == 0 ? spec.shape()
                            : Arrays.copyOfRange(spec.shape(), 1, spec.shape().length);
                    String where = source + " line " + line + ", input \"" + spec.name() + "\"";
                    long[] shape = shapeOf(item);
                    if (exampleShapes[i] == null) {
                        if (!new TensorSpec(spec.name(), spec.dtype(), wanted).accepts(shape)) {
                            throw new IncompatibleModelException(where + ": a value of shape " + Arrays.toString(shape)
                                    + ", but the model takes " + Arrays.toString(wanted) + (perLine ? "" : " per"
                                    + " example (its shape " + Arrays.toString(spec.shape()) + " without the batch"
                                    + " dimension)") + "; -1: any size.");
                        }
                        exampleShapes[i] = shape;
                    } else if (!Arrays.equals(shape, exampleShapes[i])) {
                        throw new IncompatibleModelException(where + ": a value of shape " + Arrays.toString(shape)
                                + ", but earlier lines had " + Arrays.toString(exampleShapes[i]) + "; examples"
                                + " batched together need one shape.");
                    }
                    flatten(item, shape, 0, values.get(i), where);
                }
                count++;
                if (count == size) {
                    batches.accept(tensors(inputs, values, exampleShapes, count, perLine));
                    if (perLine) java.util.Arrays.fill(exampleShapes, null);
                    values.forEach(List::clear);
                    count = 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        if (count > 0) {
            batches.accept(tensors(inputs, values, exampleShapes, count, perLine));
        }
    }

    /** Receives each batch of named inputs. */
    interface Batches {
        void accept(Map<String, Tensor> inputs);
    }

    private static Map<String, Tensor> tensors(List<TensorSpec> inputs, List<List<Double>> values,
                                               long[][] exampleShapes, int count, boolean perLine) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            TensorSpec spec = inputs.get(i);
            double[] flat = values.get(i).stream().mapToDouble(Double::doubleValue).toArray();
            long[] dims = exampleShapes[i];
            if (!perLine && spec.shape().length > 0) {
                dims = new long[exampleShapes[i].length + 1];
                dims[0] = count;
                System.arraycopy(exampleShapes[i], 0, dims, 1, exampleShapes[i].length);
            }
            Tensor tensor = dims.length == 0 ? Tensor.scalar(DType.F64, flat[0]) : Tensor.of(flat, dims);
            out.put(spec.name(), spec.dtype() == DType.F64 ? tensor : tensor.to(spec.dtype()));
        }
        return out;
    }

    /** The nested array lengths of a JSON value: {@code []} for a number. */
    private static long[] shapeOf(Json value) {
        List<Long> dims = new ArrayList<>();
        Json at = value;
        while (at instanceof Json.JsonArray array) {
            dims.add((long) array.size());
            if (array.size() == 0) break;
            at = array.get(0);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Appends the numbers of {@code value}, checking it has {@code shape} from {@code axis} on (not ragged). */
    private static void flatten(Json value, long[] shape, int axis, List<Double> out, String where) {
        if (axis == shape.length) {
            if (!(value instanceof Json.JsonNumber number)) {
                throw new IncompatibleModelException(where + ": expected a number, found " + value + ".");
            }
            out.add(number.doubleValue());
            return;
        }
        if (!(value instanceof Json.JsonArray array) || array.size() != shape[axis]) {
            throw new IncompatibleModelException(where + ": expected an array of " + shape[axis] + " items at depth "
                    + (axis + 1) + " (the value must have shape " + Arrays.toString(shape) + ", not be ragged).");
        }
        for (Json item : array.items()) {
            flatten(item, shape, axis + 1, out, where);
        }
    }

    private static List<String> names(List<TensorSpec> inputs) {
        return inputs.stream().map(TensorSpec::name).toList();
    }
}
