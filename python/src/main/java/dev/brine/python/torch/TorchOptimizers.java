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

/**
 * A PyTorch {@code optimizer.state_dict()} ({@code {'state': {index: {name: tensor}}, 'param_groups': [{…}]}}) as the
 * Brine {@link Optimizer} of the same kind with the same hyper-parameters and buffers, so training continues where
 * PyTorch stopped. The state dict does not name the optimizer class; it is recognised by its hyper-parameters:
 * {@code nesterov} (SGD), {@code betas} (Adam; AdamW when weight decay is non-zero or, from torch 2.6,
 * {@code decoupled_weight_decay} says so: the two are identical without weight decay), {@code centered} (RMSprop),
 * {@code lr_decay} (Adagrad).
 */
final class TorchOptimizers {

    private TorchOptimizers() {
    }

    /** The optimizer for {@code parameters} (the network's, in state-dict order) with its state loaded. */
    static Optimizer of(PyDict stateDict, List<Parameter> parameters, String where, Limits limits) {
        PyDict group = singleGroup(stateDict, where);
        Optimizer optimizer = Optimizer.fromJson(config(group, where));
        List<PyValue> ids = group.get("params").filter(value -> value instanceof PyList).map(value ->
                ((PyList) value).items()).orElseThrow(() -> new IncompatibleModelException(where
                + ": the optimizer's param group lists no params"));
        if (ids.size() != parameters.size()) {
            throw new IncompatibleModelException(where + ": the optimizer updates " + ids.size() + " parameters, the "
                    + "network has " + parameters.size());
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
        optimizer.loadState(tensors, parameters);
        return optimizer;
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

    /** The Brine optimizer settings ({@link Optimizer#fromJson}) for a PyTorch param group. */
    static Json.JsonObject config(PyDict group, String where) {
        Json.ObjectBuilder json = Json.object().put("lr", number(group, "lr", where));
        if (group.get("nesterov").isPresent()) {
            return json.put("type", "sgd").put("momentum", number(group, "momentum", where))
                    .put("dampening", number(group, "dampening", where))
                    .put("weight_decay", number(group, "weight_decay", where))
                    .put("nesterov", flag(group, "nesterov")).build();
        }
        if (group.get("betas").orElse(null) instanceof PyTuple betas && betas.size() == 2) {
            double decay = number(group, "weight_decay", where);
            boolean decoupled = group.get("decoupled_weight_decay").isPresent()
                    ? flag(group, "decoupled_weight_decay") : decay != 0;
            return json.put("type", decoupled ? "adamw" : "adam")
                    .put("betas", Json.array(List.of(Json.of(value(betas.get(0), where)),
                            Json.of(value(betas.get(1), where)))))
                    .put("eps", number(group, "eps", where)).put("weight_decay", decay)
                    .put("amsgrad", flag(group, "amsgrad")).build();
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
