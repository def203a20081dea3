package dev.brine.python.torch;

import dev.brine.core.Limits;
import dev.brine.python.io.MemoryBudget;
import dev.brine.core.tensor.Tensor;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyList;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every tensor in an unpickled torch object by dotted path: dict keys and list indexes joined with dots, and for a
 * pickled {@code nn.Module} the names {@code state_dict()} would give ({@code _parameters}, {@code _buffers} and
 * {@code _modules} collapsed), so a whole module and its state dict name tensors alike. A tensor held under
 * several names (tied weights) gets each; a container reached again through a shared reference is not walked again
 * (a file can share containers so that 60 levels hold 2^60 paths), so its tensors keep the first path's names.
 */
final class TensorPaths {
    private final Limits limits;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final MemoryBudget.Account copies;
    /** Containers already walked: each is walked once, so objects shared through the memo cost nothing more. */
    private final Set<PyValue> visited = Collections.newSetFromMap(new IdentityHashMap<>());

    private TensorPaths(Limits limits) {
        this.limits = limits;
        this.copies = new MemoryBudget.Account(limits);
    }

    static Map<String, Tensor> of(PyValue root, Limits limits) {
        TensorPaths paths = new TensorPaths(limits);
        paths.walk(root, "", 0);
        return paths.tensors;
    }

    private void walk(PyValue value, String path, int depth) {
        if (depth > limits.maxNestingDepth() || !(value instanceof TorchTensor) && !visited.add(value)) {
            return;
        }
        switch (value) {
            case TorchTensor tensor -> {
                Limits.check(path + ": tensor count", tensors.size() + 1L, limits.maxTensors(), "maxTensors");
                if (!tensors.containsKey(path)) {
                    tensors.put(path, tensor.toTensor(limits, copies));
                }
            }
            case PyDict dict -> dict.entries().forEach((key, item) -> {
                String name = switch (key) {
                    case PyStr text -> text.value();
                    case PyInt number -> number.toString();
                    default -> null;
                };
                if (name != null) {
                    walk(item, join(path, name), depth + 1);
                }
            });
            case PyList list -> {
                for (int i = 0; i < list.size(); i++) walk(list.get(i), join(path, Integer.toString(i)), depth + 1);
            }
            case PyTuple tuple -> {
                for (int i = 0; i < tuple.size(); i++) walk(tuple.get(i), join(path, Integer.toString(i)), depth + 1);
            }
            case PyObject object -> {
                boolean module = object.attribute("_parameters").isPresent();
                if (module) {
                    for (String part : new String[] {"_parameters", "_buffers", "_modules"}) {
                        object.attribute(part).ifPresent(item -> walk(item, path, depth + 1));
                    }
                } else {
                    object.state().ifPresent(state -> walk(state, path, depth + 1));
                }
            }
            default -> {
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
