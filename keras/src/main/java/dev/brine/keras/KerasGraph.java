package dev.brine.keras;

import dev.brine.core.CorruptModelException;
import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.tensor.Tensor;
import dev.brine.keras.config.KerasArchitecture;
import dev.brine.keras.config.LayerCall;
import dev.brine.keras.config.TensorRef;
import dev.brine.keras.layers.InputLayer;
import dev.brine.keras.layers.Layer;
import dev.brine.keras.layers.Values;
import dev.brine.keras.layers.WeightSpec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras architecture made runnable: every layer call in an order where inputs come first, every tensor's shape
 * inferred, and every layer's weights checked against the shapes its configuration implies before they are used.
 * Immutable after construction, so {@link #run} may be called from many threads.
 */
final class KerasGraph {

    /** One call of one layer: Keras' node. */
    private record Node(String layer, int call) {
    }

    private record Step(Node node, LayerCall layer, List<Node> inputs) {
    }

    private final KerasArchitecture architecture;
    private final List<Step> plan;
    private final Map<Node, long[]> shapes = new HashMap<>();
    private final Map<String, List<float[]>> weightValues = new HashMap<>();
    private final List<NamedTensor> weightTensors = new ArrayList<>();

    KerasGraph(KerasArchitecture architecture, WeightSource source, Limits limits, String file) {
        this.architecture = architecture;
        this.plan = order(architecture, file);
        Map<String, List<WeightSpec>> specs = new HashMap<>();
        for (Step step : plan) {
            Layer layer = step.layer().layer();
            String where = file + ": layer \"" + step.layer().name() + "\" (" + layer.kerasClass() + ")";
            List<long[]> inputShapes = step.inputs().stream().map(shapes::get).toList();
            checkArity(layer, inputShapes.size(), where);
            long[] out = withContext(where, () -> layer.outputShape(inputShapes));
            long rowElements = 1;
            for (long dim : out) {
                rowElements = Math.multiplyExact(rowElements, Math.max(dim, 1));
            }
            Limits.check(where + ": output values per row", rowElements * 4, limits.maxTensorBytes(),
                    "maxTensorBytes");
            shapes.put(step.node(), out);
            List<WeightSpec> expected = withContext(where, () -> layer.weights(inputShapes));
            List<WeightSpec> previous = specs.putIfAbsent(step.layer().name(), expected);
            if (previous != null && !sameShapes(previous, expected)) {
                throw new IncompatibleModelException(where + " is shared by calls whose inputs need different"
                        + " weights.");
            }
        }
        List<WeightSource.Wanted> wanted = new ArrayList<>();
        for (LayerCall layer : architecture.layers()) {
            wanted.add(new WeightSource.Wanted(layer, specs.getOrDefault(layer.name(), List.of())));
        }
        Map<String, List<Tensor>> saved = source.weights(wanted);
        for (WeightSource.Wanted layer : wanted) {
            load(layer.layer(), layer.specs(), saved.getOrDefault(layer.layer().name(), List.of()), limits,
                    file + ": layer \"" + layer.layer().name() + "\" (" + layer.layer().layer().kerasClass() + ")");
        }
    }

    private void load(LayerCall layer, List<WeightSpec> expected, List<Tensor> saved, Limits limits, String where) {
        if (expected.isEmpty() && saved.isEmpty()) {
            return;
        }
        if (saved.size() != expected.size()) {
            throw new IncompatibleModelException(where + ": the file has " + saved.size() + " weights for this"
                    + " layer, its configuration needs " + expected.size() + " ("
                    + expected.stream().map(WeightSpec::name).toList() + ").");
        }
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            WeightSpec spec = expected.get(i);
            Tensor tensor = saved.get(i);
            long bytes = 4;
            for (long dim : spec.shape()) {
                bytes = Math.multiplyExact(bytes, dim);
            }
            Limits.check(where + ": weight " + spec.name() + " bytes", bytes, limits.maxTensorBytes(),
                    "maxTensorBytes");
            if (!Arrays.equals(tensor.shape().dims(), spec.shape())) {
                throw new IncompatibleModelException(where + ": weight " + spec.name() + " has shape "
                        + tensor.shape() + " in the file, the configuration needs "
                        + dev.brine.core.tensor.Shape.of(spec.shape()) + ".");
            }
            values.add(tensor.toFloatArray());
            weightTensors.add(new NamedTensor(layer.name() + "/" + spec.name(), tensor, spec.role()));
        }
        weightValues.put(layer.name(), values);
    }

    private static boolean sameShapes(List<WeightSpec> first, List<WeightSpec> second) {
        if (first.size() != second.size()) {
            return false;
        }
        for (int i = 0; i < first.size(); i++) {
            if (!Arrays.equals(first.get(i).shape(), second.get(i).shape())) {
                return false;
            }
        }
        return true;
    }

    private static void checkArity(Layer layer, int inputs, String where) {
        int arity = layer.arity();
        if ((arity >= 0 && inputs != arity) || (arity < 0 && inputs < 1)) {
            throw new IncompatibleModelException(where + " is called with " + inputs + " inputs.");
        }
    }

    private static <T> T withContext(String where, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IncompatibleModelException e) {
            throw new IncompatibleModelException(where + ": " + e.getMessage(), e);
        } catch (dev.brine.core.UnsupportedModelException e) {
            throw new dev.brine.core.UnsupportedModelException(where + ": " + e.getMessage(), e);
        }
    }

    /** Kahn's algorithm over layer calls, so a file cannot make the runner recurse or loop. */
    private static List<Step> order(KerasArchitecture architecture, String file) {
        Map<Node, Step> steps = new LinkedHashMap<>();
        for (LayerCall layer : architecture.layers()) {
            for (int call = 0; call < layer.calls().size(); call++) {
                List<Node> inputs = new ArrayList<>();
                for (TensorRef ref : layer.calls().get(call)) {
                    if (ref.tensorIndex() != 0) {
                        throw new dev.brine.core.UnsupportedModelException(file + ": layer \"" + layer.name()
                                + "\" uses output " + ref.tensorIndex() + " of layer \"" + ref.layer() + "\"; Brine"
                                + " runs layers with one output.");
                    }
                    inputs.add(new Node(ref.layer(), ref.nodeIndex()));
                }
                Node node = new Node(layer.name(), call);
                steps.put(node, new Step(node, layer, inputs));
            }
        }
        Map<Node, Integer> waiting = new HashMap<>();
        Map<Node, List<Node>> dependents = new HashMap<>();
        Deque<Node> ready = new ArrayDeque<>();
        for (Step step : steps.values()) {
            for (Node input : step.inputs()) {
                if (!steps.containsKey(input)) {
                    throw new CorruptModelException(file + ": layer \"" + step.node().layer() + "\" takes call "
                            + input.call() + " of layer \"" + input.layer() + "\", which the config does not have.");
                }
                dependents.computeIfAbsent(input, key -> new ArrayList<>()).add(step.node());
            }
            waiting.put(step.node(), step.inputs().size());
            if (step.inputs().isEmpty()) {
                if (!(step.layer().layer() instanceof InputLayer)) {
                    throw new CorruptModelException(file + ": layer \"" + step.node().layer() + "\" has no inputs.");
                }
                ready.add(step.node());
            }
        }
        List<Step> plan = new ArrayList<>();
        while (!ready.isEmpty()) {
            Node node = ready.poll();
            plan.add(steps.get(node));
            for (Node dependent : dependents.getOrDefault(node, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (plan.size() != steps.size()) {
            throw new CorruptModelException(file + ": the layer graph has a cycle.");
        }
        for (TensorRef ref : architecture.outputs()) {
            if (!steps.containsKey(new Node(ref.layer(), ref.nodeIndex()))) {
                throw new CorruptModelException(file + ": the model output \"" + ref.layer() + "\" is not a layer"
                        + " call of the config.");
            }
        }
        return plan;
    }

    KerasArchitecture architecture() {
        return architecture;
    }

    /** Weights as they were read, named {@code layer/weight}, in layer order. */
    List<NamedTensor> weightTensors() {
        return List.copyOf(weightTensors);
    }

    /** The inferred shape (batch left out) of a graph input or output. */
    long[] shapeOf(TensorRef ref) {
        return shapes.get(new Node(ref.layer(), ref.nodeIndex())).clone();
    }

    /** Runs the graph; {@code inputs} in the order of {@link KerasArchitecture#inputs()}. */
    List<Values> run(List<Values> inputs) {
        Map<Node, Values> values = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            TensorRef ref = architecture.inputs().get(i);
            values.put(new Node(ref.layer(), ref.nodeIndex()), inputs.get(i));
        }
        for (Step step : plan) {
            if (step.layer().layer() instanceof InputLayer) {
                if (!values.containsKey(step.node())) {
                    throw new IncompatibleModelException("input \"" + step.node().layer() + "\" was not given.");
                }
                continue;
            }
            List<Values> stepInputs = step.inputs().stream().map(values::get).toList();
            values.put(step.node(), step.layer().layer().forward(stepInputs,
                    weightValues.getOrDefault(step.layer().name(), List.of())));
        }
        return architecture.outputs().stream().map(ref -> values.get(new Node(ref.layer(), ref.nodeIndex())))
                .toList();
    }
}
