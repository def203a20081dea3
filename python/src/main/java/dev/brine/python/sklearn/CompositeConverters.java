package dev.brine.python.sklearn;

import dev.brine.models.pipeline.ColumnTransformer;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.preprocessing.Passthrough;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Transformer;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Pipeline and ColumnTransformer, converted step by step. A pipeline's {@code 'passthrough'} (or None) steps are
 * left out. A column transformer's fitted {@code transformers_} (the remainder included) become its parts in order,
 * their column selections (names, positions, slices, masks) resolved to input column names: the fitted
 * {@code feature_names_in_} when it was fitted on a DataFrame, else {@code x0, x1…}.
 */
final class CompositeConverters {

    private CompositeConverters() {
    }

    static TabularModel pipeline(Estimator estimator, Conversion conversion) {
        List<Pipeline.Step> steps = new ArrayList<>();
        List<PyValue> items = estimator.items("steps").stream().filter(item -> !(item instanceof PyTuple pair
                && pair.size() == 2 && isPassthrough(pair.get(1)))).toList();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof PyTuple pair) || pair.size() != 2 || !(pair.get(0) instanceof PyStr name)) {
                throw estimator.mistyped("steps", "a list of (name, estimator) pairs");
            }
            String where = "Pipeline step '" + name.value() + "'";
            if (textImputer(pair.get(1)) && i + 1 < items.size() && items.get(i + 1) instanceof PyTuple next
                    && next.size() == 2 && next.get(0) instanceof PyStr nextName
                    && next.get(1) instanceof PyObject encoder && encoder.type().name().equals("OneHotEncoder")) {
                // A text imputer only feeds an encoder: the encoder sends missing values where the fill value goes.
                String encoderWhere = "Pipeline step '" + nextName.value() + "'";
                steps.add(new Pipeline.Step(stepName(estimator, nextName.value()), EncoderConverters.oneHot(
                        new Estimator(encoder, conversion.source() + ": " + encoderWhere),
                        new Estimator((PyObject) pair.get(1), conversion.source() + ": " + where))));
                i++;
                continue;
            }
            steps.add(new Pipeline.Step(stepName(estimator, name.value()), conversion.convert(pair.get(1), where)));
        }
        if (steps.isEmpty()) {
            throw estimator.unsupported("has only passthrough steps");
        }
        return Pipeline.of(steps);
    }

    static TabularModel columnTransformer(Estimator estimator, Conversion conversion) {
        List<String> inputs = estimator.featureNames();
        if (inputs.isEmpty() && estimator.has("_feature_names_in")) {
            // 0.22–0.24 kept the DataFrame's columns under a private name (a pandas Index, read as its labels).
            inputs = estimator.array("_feature_names_in").toStrings();
        }
        if (inputs.isEmpty()) {
            int width = estimator.featureCount().orElseGet(() -> Math.toIntExact(estimator.integer("_n_features")));
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < width; i++) positional.add("x" + i);
            inputs = positional;
        }
        List<ColumnTransformer.Part> parts = new ArrayList<>();
        for (PyValue item : estimator.items("transformers_")) {
            if (!(item instanceof PyTuple triple) || triple.size() != 3 || !(triple.get(0) instanceof PyStr name)) {
                throw estimator.mistyped("transformers_", "a list of (name, transformer, columns) triples");
            }
            List<String> columns = columns(estimator, triple.get(2), inputs);
            PyValue transformer = triple.get(1);
            if (columns.isEmpty() || transformer instanceof PyStr drop && drop.value().equals("drop")) {
                continue;
            }
            if (new java.util.HashSet<>(columns).size() != columns.size()) {
                throw estimator.unsupported("part '" + name.value() + "' selects a column twice " + columns);
            }
            String where = "ColumnTransformer part '" + name.value() + "'";
            Transformer part = isPassthrough(transformer) ? new Passthrough(columns.size(), columns)
                    : conversion.transformer(transformer, where);
            parts.add(new ColumnTransformer.Part(stepName(estimator, name.value()), part, columns));
        }
        return new ColumnTransformer(parts, inputs);
    }

    /** A SimpleImputer fitted on text (its statistics are objects), which only an encoder after it can take in. */
    private static boolean textImputer(PyValue step) {
        return step instanceof PyObject object && object.type().name().equals("SimpleImputer")
                && object.attribute("statistics_").orElse(null) instanceof NdArray statistics
                && statistics.isObjectArray();
    }

    private static boolean isPassthrough(PyValue step) {
        return step == PyNone.NONE || step instanceof PyStr text && text.value().equals("passthrough");
    }

    /** Brine separates nested tensor names with '.', which scikit-learn allows in step names. */
    private static String stepName(Estimator estimator, String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw estimator.unsupported("has a step named '" + name + "'; Brine needs non-empty names without '.'");
        }
        return name;
    }

    /** A column selection as input names: a name, a position, a list of either, a slice or a boolean mask. */
    private static List<String> columns(Estimator estimator, PyValue selection, List<String> inputs) {
        List<String> out = new ArrayList<>();
        switch (selection) {
            case PyStr name -> out.add(known(estimator, name.value(), inputs));
            case PyInt position -> out.add(position(estimator, position.value().intValue(), inputs));
            case PyObject slice when slice.type().qualifiedName().equals("builtins.slice") ->
                    out.addAll(slice(estimator, slice, inputs));
            case NdArray array when array.dtype().kind() == 'b' -> {
                long[] mask = array.toTensor().toLongArray();
                for (int i = 0; i < mask.length; i++) if (mask[i] != 0) out.add(position(estimator, i, inputs));
            }
            case NdArray array when array.dtype().kind() == 'i' || array.dtype().kind() == 'u' -> {
                for (long position : array.toTensor().toLongArray()) {
                    out.add(position(estimator, Math.toIntExact(position), inputs));
                }
            }
            case NdArray array -> {
                for (PyValue item : estimator.items(array, "columns")) out.addAll(columns(estimator, item, inputs));
            }
            default -> {
                List<PyValue> items = estimator.items(selection, "transformers_ columns");
                if (!items.isEmpty() && items.stream().allMatch(item -> item instanceof PyBool)) {
                    for (int i = 0; i < items.size(); i++) {
                        if (((PyBool) items.get(i)).value()) out.add(position(estimator, i, inputs));
                    }
                } else {
                    for (PyValue item : items) out.addAll(columns(estimator, item, inputs));
                }
            }
        }
        return out;
    }

    private static List<String> slice(Estimator estimator, PyObject slice, List<String> inputs) {
        if (slice.args().size() != 3) {
            throw estimator.mistyped("transformers_ columns", "slice(start, stop, step)");
        }
        int size = inputs.size();
        int step = bound(slice.args().get(2), 1);
        if (step <= 0) {
            throw estimator.unsupported("selects columns by a slice with step " + step);
        }
        int start = clamp(bound(slice.args().get(0), 0), size);
        int stop = clamp(bound(slice.args().get(1), size), size);
        List<String> out = new ArrayList<>();
        for (int i = start; i < stop; i += step) out.add(inputs.get(i));
        return out;
    }

    private static int bound(PyValue value, int fallback) {
        return value instanceof PyInt number ? number.value().intValue() : fallback;
    }

    /** Python's slice bounds: negative counts from the end, then clipped to the range. */
    private static int clamp(int index, int size) {
        int resolved = index < 0 ? index + size : index;
        return Math.max(0, Math.min(size, resolved));
    }

    private static String position(Estimator estimator, int position, List<String> inputs) {
        int resolved = position < 0 ? position + inputs.size() : position;
        if (resolved < 0 || resolved >= inputs.size()) {
            throw estimator.incompatible("selects column " + position + " of " + inputs.size());
        }
        return inputs.get(resolved);
    }

    private static String known(Estimator estimator, String name, List<String> inputs) {
        if (!inputs.contains(name)) {
            throw estimator.incompatible("selects column '" + name + "', which is not among its inputs " + inputs);
        }
        return name;
    }
}
