package dev.brine.python.torch;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.models.nn.ArchitectureSpec;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole pickled module of standard {@code torch.nn} layers ({@code torch.save(model)}) as the architecture of
 * Brine's {@code Sequential}: the module tree is written in {@code --arch} notation from the pickled attributes (never
 * by running code; {@code Sequential} and {@code ModuleList} children nest under their names, so the tensors, named
 * as {@code state_dict()} names them, load as they are) and parsed by {@link ArchitectureSpec}. {@code Identity}
 * children are left out. A module of a class of its own is described the same way, for the refusal to say which
 * {@code --arch} loads its state dict.
 */
final class TorchModules {

    private TorchModules() {
    }

    static boolean isModule(PyValue value) {
        return value instanceof PyObject object && object.type().module().startsWith("torch.nn.modules.");
    }

    static Json.JsonObject architecture(PyObject module, String where) {
        if (!module.type().name().equals("Sequential")) {
            throw new UnsupportedModelException(where + ": the file holds a torch.nn " + module.type().name()
                    + "; Brine maps a whole nn.Sequential of standard layers. Wrap it in nn.Sequential, or save its "
                    + "state_dict and give the architecture with --arch");
        }
        String spec = children(module, where);
        try {
            return ArchitectureSpec.parse(spec).architecture();
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(where + ": the module reads as --arch \"" + spec + "\", which Brine "
                    + "cannot build: " + e.getMessage(), e);
        }
    }

    /** The module's children in {@code --arch} notation, each named by its attribute name. */
    static String children(PyObject module, String where) {
        if (!(module.attribute("_modules").orElse(null) instanceof PyDict children)) {
            throw new UnsupportedModelException(where + ": the " + module.type().name() + " module has no _modules");
        }
        List<String> items = new ArrayList<>();
        for (Map.Entry<PyValue, PyValue> entry : children.entries().entrySet()) {
            String name = entry.getKey() instanceof PyStr text ? text.value() : entry.getKey().toString();
            if (!(entry.getValue() instanceof PyObject child)) {
                throw new UnsupportedModelException(where + ": child " + name + " of the " + module.type().name()
                        + " is not a module");
            }
            if (!child.type().name().equals("Identity")) {
                items.add(name + "=" + layer(child, where + ": " + name));
            }
        }
        if (items.isEmpty()) {
            throw new UnsupportedModelException(where + ": the " + module.type().name() + " has no layers");
        }
        return String.join(",", items);
    }

    /** One module in {@code --arch} notation, its settings as keyword arguments. */
    private static String layer(PyObject module, String where) {
        String type = module.type().name();
        String place = where + " (" + type + ")";
        return switch (type) {
            case "Sequential", "ModuleList" -> type + "(" + children(module, place) + ")";
            case "Linear" -> call(module, place, "in_features", "out_features") + withBias(module);
            case "Conv1d", "Conv2d" -> {
                if (module.attribute("padding_mode").orElse(null) instanceof PyStr mode
                        && !mode.value().equals("zeros")) {
                    throw new UnsupportedModelException(place + ": padding_mode '" + mode.value() + "'; Brine's "
                            + "convolutions pad with zeros");
                }
                yield call(module, place, "in_channels", "out_channels", "kernel_size", "stride", "padding",
                        "dilation", "groups") + withBias(module);
            }
            case "BatchNorm1d", "BatchNorm2d" -> {
                if (!flag(module, "affine") || !flag(module, "track_running_stats")
                        || module.attribute("momentum").orElse(PyNone.NONE) == PyNone.NONE) {
                    throw new UnsupportedModelException(place + ": Brine's batch norm is affine, tracks running "
                            + "statistics and has a momentum");
                }
                yield call(module, place, "num_features", "eps", "momentum") + ")";
            }
            case "MaxPool1d", "MaxPool2d" -> call(module, place, "kernel_size", "stride", "padding", "dilation",
                    "ceil_mode") + ")";
            case "AvgPool1d", "AvgPool2d" -> {
                if (module.attribute("divisor_override").orElse(PyNone.NONE) != PyNone.NONE) {
                    throw new UnsupportedModelException(place + ": divisor_override is not supported");
                }
                yield call(module, place, "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad")
                        + ")";
            }
            case "AdaptiveAvgPool1d", "AdaptiveAvgPool2d" -> call(module, place, "output_size") + ")";
            case "Dropout", "Dropout1d", "Dropout2d" -> call(module, place, "p") + ")";
            case "LeakyReLU" -> call(module, place, "negative_slope") + ")";
            case "ELU" -> call(module, place, "alpha") + ")";
            case "GELU" -> module.attribute("approximate").orElse(null) instanceof PyStr approximate
                    ? "GELU(approximate='" + approximate.value() + "')" : "GELU";
            case "Softmax", "LogSoftmax" -> {
                PyValue dim = module.attribute("dim").orElse(PyNone.NONE);
                yield dim == PyNone.NONE ? type : type + "(dim=" + value(dim, place + ": dim") + ")";
            }
            case "ReLU", "ReLU6", "Sigmoid", "Tanh", "SiLU", "Hardswish", "Hardsigmoid", "Mish", "Flatten" -> type;
            default -> throw new UnsupportedModelException(place + " is not a layer Brine's networks have; save the "
                    + "state_dict of a network Brine can build, or convert it where Python runs");
        };
    }

    /** {@code Type(key=value,…} (without the closing parenthesis) from the module's attributes. */
    private static String call(PyObject module, String place, String... attributes) {
        List<String> arguments = new ArrayList<>();
        for (String attribute : attributes) {
            PyValue value = module.attribute(attribute).orElseThrow(() -> new UnsupportedModelException(place
                    + ": attribute " + attribute + " is missing"));
            arguments.add(attribute + "=" + value(value, place + ": " + attribute));
        }
        return module.type().name() + "(" + String.join(",", arguments);
    }

    private static String withBias(PyObject module) {
        boolean bias = module.attribute("_parameters").orElse(null) instanceof PyDict parameters
                && parameters.get("bias").filter(value -> value != PyNone.NONE).isPresent();
        return ",bias=" + (bias ? "True" : "False") + ")";
    }

    /** A pickled setting in PyTorch notation: a number, a bool, a tuple of ints, a padding string, None. */
    private static String value(PyValue value, String place) {
        return switch (value) {
            case PyBool flag -> flag.value() ? "True" : "False";
            case PyInt number when number.fitsLong() -> Long.toString(number.longValue());
            case PyFloat number -> Double.toString(number.value());
            case PyNone none -> "None";
            case PyStr text when text.value().equals("same") || text.value().equals("valid") -> "'" + text.value()
                    + "'";
            case PyTuple tuple when !tuple.items().isEmpty() -> "(" + String.join(",", tuple.items().stream()
                    .map(item -> value(item, place)).toList()) + ")";
            default -> throw new UnsupportedModelException(place + " is " + value.typeName()
                    + ", not a setting Brine reads");
        };
    }

    private static boolean flag(PyObject module, String attribute) {
        return module.attribute(attribute).orElse(PyBool.FALSE) instanceof PyBool value && value.value();
    }
}
