package dev.brine.python.torch;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.nn.Optimizer;
import dev.brine.models.nn.Parameter;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyList;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PyTorch {@code optimizer.state_dict()} ({@code {'state': {index: {name: tensor}}, 'param_groups': [{…}]}}) as the
 * Brine {@link Optimizer} of the same kind with the same hyper-parameters and buffers, so training continues where
 * PyTorch stopped. The state dict does not name the optimizer class; it is recognised by its hyper-parameters:
 * {@code nesterov} (SGD), {@code betas} (Adam or AdamW), {@code centered} (RMSprop), {@code lr_decay} (Adagrad).
 *
 * <p>Adam and AdamW save the same keys. Without weight decay they update alike; with it they do not (Adam adds the
 * decay to the gradient, AdamW shrinks the weights directly), and only torch 2.6+ records which in
 * {@code decoupled_weight_decay}. Brine does not guess: the caller names the class ({@code --optimizer},
 * {@link dev.brine.core.model.LoadOptions#optimizer()}), or the optimizer stays {@link Unresolved} — the weights
 * load, resuming training is refused with the reason.
 */
final class TorchOptimizers {

    /** The classes a caller may name for an Adam-family state dict. */
    static final List<String> ADAM_CLASSES = List.of("adam", "adamw");

    /** What a checkpoint's optimizer state dict became. */
    sealed interface Outcome permits Resolved, Unresolved {
    }

    /** The optimizer, with PyTorch's state loaded. */
    record Resolved(Optimizer optimizer) implements Outcome {
    }

    /**
     * An optimizer whose class the file leaves open and the caller did not name.
     *
     * @param reason     why, and the flag that settles it
     * @param state      the buffers, named as {@link Optimizer#stateTensors()} names them
     * @param candidates the settings ({@link Optimizer#fromJson}) of each class it may be
     */
    record Unresolved(String reason, List<NamedTensor> state, List<Json.JsonObject> candidates) implements Outcome {
    }

    private TorchOptimizers() {
    }

    /**
     * The optimizer for {@code parameters} (the network's, in state-dict order) with its state loaded, or
     * {@link Unresolved} when it is Adam or AdamW with weight decay, the file does not say which and {@code chosen}
     * is empty.
     *
     * @param chosen the class the caller named ({@code adam} or {@code adamw}), checked against the file
     */
    static Outcome of(PyDict stateDict, List<Parameter> parameters, Optional<String> chosen, String where,
                      Limits limits) {
        PyDict group = singleGroup(stateDict, where);
        List<NamedTensor> state = stateTensors(stateDict, group, parameters.size(), where, limits);
        Optional<String> ambiguity = chosen.isPresent() ? Optional.empty() : adamOrAdamW(group, where);
        if (ambiguity.isPresent()) {
            return new Unresolved(ambiguity.get(), state, ADAM_CLASSES.stream()
                    .map(name -> config(group, Optional.of(name), where)).toList());
        }
        Optimizer optimizer = Optimizer.fromJson(config(group, chosen, where));
        optimizer.loadState(state, parameters);
        return new Resolved(optimizer);
    }

    /** The reason an Adam-family group cannot be resumed without the caller naming its class, if it cannot. */
    private static Optional<String> adamOrAdamW(PyDict group, String where) {
        if (!(group.get("betas").orElse(null) instanceof PyTuple) || group.get("decoupled_weight_decay").isPresent()) {
            return Optional.empty();
        }
        double decay = number(group, "weight_decay", where);
        if (decay == 0) {
            return Optional.empty();
        }
        return Optional.of(where + ": the optimizer state is Adam's or AdamW's with weight_decay=" + decay
                + ", and torch before 2.6 does not record which class saved it. They train differently (Adam adds"
                + " the decay to the gradient, AdamW shrinks the weights directly), so Brine does not guess: say"
                + " which with --optimizer adam|adamw (LoadOptions.withOptimizer). The weights load either way.");
    }

    /** The per-parameter buffers, named {@code optimizer.state.<index>.<name>}. */
    private static List<NamedTensor> stateTensors(PyDict stateDict, PyDict group, int parameterCount, String where,
                                                  Limits limits) {
        List<PyValue> ids = group.get("params").filter(value -> value instanceof PyList).map(value ->
                ((PyList) value).items()).orElseThrow(() -> new IncompatibleModelException(where
                + ": the optimizer's param group lists no params"));
        if (ids.size() != parameterCount) {
            throw new IncompatibleModelException(where + ": the optimizer updates " + ids.size() + " parameters, the "
                    + "network has " + parameterCount);
        }
        PyDict state = stateDict.get("state").filter(value -> value instanceof PyDict).map(PyDict.class::cast)
                .orElseThrow(() -> new IncompatibleModelException(where + ": the optimizer state dict has no 'state'"));
        List<NamedTensor> tensors = new ArrayList<>();
        for (int index = 0; index < ids.size(); index++) {
            PyValue perParameter = state.entries().get(ids.get(index));
            if (!(perParameter instanceof PyDict buffers)) {
                continue;   // no step taken yet for this parameter
            }
            for (Map.Entry<PyValue, PyValue> entry : buffers.entries().entrySet()) {
                if (!(entry.getKey() instanceof PyStr name) || entry.getValue() == PyNone.NONE) {
                    continue;
                }
                tensors.add(new NamedTensor("optimizer.state." + index + "." + name.value(),
                        tensor(entry.getValue(), where + " optimizer state " + index + "." + name.value(), limits),
                        TensorRole.OPTIMIZER_STATE));
            }
        }
        return tensors;
    }

    private static PyDict singleGroup(PyDict stateDict, String where) {
        if (!(stateDict.get("param_groups").orElse(null) instanceof PyList groups) || groups.size() == 0
                || !(groups.get(0) instanceof PyDict group)) {
            throw new IncompatibleModelException(where + ": the optimizer state dict has no param_groups");
        }
        if (groups.size() > 1) {
            throw new UnsupportedModelException(where + ": the optimizer has " + groups.size() + " parameter groups; "
                    + "Brine's optimizers have one");
        }
        if (flag(group, "maximize")) {
            throw new UnsupportedModelException(where + ": the optimizer maximizes (maximize=True)");
        }
        return group;
    }

    /**
     * The Brine optimizer settings ({@link Optimizer#fromJson}) for a PyTorch param group; {@code chosen} settles
     * Adam against AdamW and must agree with what the file says.
     */
    private static Json.JsonObject config(PyDict group, Optional<String> chosen, String where) {
        Json.ObjectBuilder json = Json.object().put("lr", number(group, "lr", where));
        if (group.get("betas").orElse(null) instanceof PyTuple betas && betas.size() == 2) {
            double decay = number(group, "weight_decay", where);
            String type = adamClass(group, chosen, decay, where);
            return json.put("type", type)
                    .put("betas", Json.array(List.of(Json.of(value(betas.get(0), where)),
                            Json.of(value(betas.get(1), where)))))
                    .put("eps", number(group, "eps", where)).put("weight_decay", decay)
                    .put("amsgrad", flag(group, "amsgrad")).build();
        }
        chosen.ifPresent(name -> {
            throw new IncompatibleModelException(where + ": --optimizer " + name + " names an Adam variant, but the"
                    + " checkpoint's optimizer has settings " + group.entries().keySet() + ", not Adam's");
        });
        if (group.get("nesterov").isPresent()) {
            return json.put("type", "sgd").put("momentum", number(group, "momentum", where))
                    .put("dampening", number(group, "dampening", where))
                    .put("weight_decay", number(group, "weight_decay", where))
                    .put("nesterov", flag(group, "nesterov")).build();
        }
        if (group.get("centered").isPresent()) {
            return json.put("type", "rmsprop").put("alpha", number(group, "alpha", where))
                    .put("eps", number(group, "eps", where)).put("weight_decay", number(group, "weight_decay", where))
                    .put("momentum", number(group, "momentum", where)).put("centered", flag(group, "centered"))
                    .build();
        }
        if (group.get("lr_decay").isPresent()) {
            return json.put("type", "adagrad").put("lr_decay", number(group, "lr_decay", where))
                    .put("weight_decay", number(group, "weight_decay", where))
                    .put("initial_accumulator_value", number(group, "initial_accumulator_value", where))
                    .put("eps", number(group, "eps", where)).build();
        }
        throw new UnsupportedModelException(where + ": an optimizer with settings " + group.entries().keySet()
                + "; Brine continues SGD, Adam, AdamW, RMSprop and Adagrad");
    }

    /** {@code adam} or {@code adamw}: as torch 2.6+ recorded it, as the caller chose, or either without decay. */
    private static String adamClass(PyDict group, Optional<String> chosen, double decay, String where) {
        if (group.get("decoupled_weight_decay").isPresent()) {
            String recorded = flag(group, "decoupled_weight_decay") ? "adamw" : "adam";
            if (chosen.isPresent() && !chosen.get().equals(recorded)) {
                throw new IncompatibleModelException(where + ": --optimizer " + chosen.get() + " contradicts the file,"
                        + " whose decoupled_weight_decay says " + recorded);
            }
            return recorded;
        }
        if (chosen.isEmpty() && decay != 0) {
            throw new IllegalStateException("an Adam-family optimizer with weight decay needs a chosen class");
        }
        return chosen.orElse("adam");   // without weight decay Adam and AdamW take the same steps
    }

    private static double number(PyDict group, String key, String where) {
        return value(group.get(key).orElseThrow(() -> new IncompatibleModelException(where + ": the optimizer's "
                + "param group has no " + key)), where);
    }

    private static double value(PyValue value, String where) {
        return switch (value) {
            case PyFloat number -> number.value();
            case PyInt number -> number.value().doubleValue();
            case PyBool flag -> flag.value() ? 1 : 0;
            case TorchTensor tensor when tensor.size().length == 0 -> tensor.toTensor(Limits.DEFAULTS).getDouble(0);
            default -> throw new IncompatibleModelException(where + ": an optimizer setting is " + value.typeName()
                    + ", not a number");
        };
    }

    private static boolean flag(PyDict group, String key) {
        return group.get(key).orElse(PyBool.FALSE) instanceof PyBool flag && flag.value();
    }

    /** A state value: a tensor as it is, a plain number (RMSprop's step in torch 1.13) as a scalar. */
    private static Tensor tensor(PyValue value, String where, Limits limits) {
        return switch (value) {
            case TorchTensor tensor -> tensor.toTensor(limits);
            case PyInt number -> Tensor.scalar(DType.I64, number.value().doubleValue());
            case PyFloat number -> Tensor.scalar(DType.F32, number.value());
            default -> throw new IncompatibleModelException(where + " is a " + value.typeName());
        };
    }
}
