package dev.brine.python.torch;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.python.pickle.PyBool;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyNone;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole pickled {@code nn.Sequential} of standard layers as the architecture JSON of Brine's {@code Sequential}
 * (the layer names are the module's child names, so its tensors, named as {@code state_dict()} names them, load
 * as they are). Only the layer types Brine's networks have are accepted; {@code Identity} children are left out.
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
        if (!(module.attribute("_modules").orElse(null) instanceof PyDict children)) {
            throw new UnsupportedModelException(where + ": the Sequential module has no _modules");
        }
        List<Json> layers = new ArrayList<>();
        Integer inputs = null;
        for (Map.Entry<PyValue, PyValue> entry : children.entries().entrySet()) {
            String name = entry.getKey() instanceof PyStr text ? text.value() : entry.getKey().toString();
            if (!(entry.getValue() instanceof PyObject child)) {
                throw new UnsupportedModelException(where + ": child " + name + " of the Sequential is not a module");
            }
            if (child.type().name().equals("Identity")) {
                continue;
            }
            Json.JsonObject layer = layer(child, name, where);
            if (inputs == null && layer.has("in_features")) inputs = Math.toIntExact(layer.getLong("in_features"));
            if (inputs == null && layer.has("num_features")) inputs = Math.toIntExact(layer.getLong("num_features"));
            layers.add(layer);
        }
        if (inputs == null) {
            throw new UnsupportedModelException(where + ": the Sequential has no Linear or BatchNorm1d layer to tell "
                    + "its input width");
        }
        return Json.object().put("input_features", inputs).put("layers", Json.array(layers)).build();
    }

    private static Json.JsonObject layer(PyObject module, String name, String where) {
        String place = where + ": layer " + name + " (" + module.type().name() + ")";
        Json.ObjectBuilder out = Json.object().put("name", name);
        return switch (module.type().name()) {
            case "Linear" -> out.put("type", "linear").put("in_features", integer(module, "in_features", place))
                    .put("out_features", integer(module, "out_features", place))
                    .put("bias", module.attribute("_parameters").orElse(null) instanceof PyDict parameters
                            && parameters.get("bias").filter(bias -> bias != PyNone.NONE).isPresent()).build();
            case "BatchNorm1d" -> {
                if (!flag(module, "affine") || !flag(module, "track_running_stats")
                        || module.attribute("momentum").orElse(PyNone.NONE) == PyNone.NONE) {
                    throw new UnsupportedModelException(place + ": Brine's BatchNorm1d is affine, tracks running "
                            + "statistics and has a momentum");
                }
                yield out.put("type", "batch_norm1d").put("num_features", integer(module, "num_features", place))
                        .put("eps", number(module, "eps", place)).put("momentum", number(module, "momentum", place))
                        .build();
            }
            case "Dropout" -> out.put("type", "dropout").put("p", number(module, "p", place)).build();
            case "ReLU", "Sigmoid", "Tanh", "SiLU" -> out.put("type", module.type().name().toLowerCase(
                    java.util.Locale.ROOT)).build();
            case "LeakyReLU" -> out.put("type", "leaky_relu")
                    .put("negative_slope", number(module, "negative_slope", place)).build();
            case "ELU" -> out.put("type", "elu").put("alpha", number(module, "alpha", place)).build();
            case "GELU" -> {
                if (module.attribute("approximate").orElse(new PyStr("none")) instanceof PyStr approximate
                        && !approximate.value().equals("none")) {
                    throw new UnsupportedModelException(place + ": Brine's GELU is the exact one");
                }
                yield out.put("type", "gelu").build();
            }
            case "Softmax", "LogSoftmax" -> {
                PyValue dim = module.attribute("dim").orElse(PyNone.NONE);
                if (dim != PyNone.NONE && !(dim instanceof PyInt index && (index.value().intValue() == 1
                        || index.value().intValue() == -1))) {
                    throw new UnsupportedModelException(place + ": over dim " + dim + "; Brine's works over the "
                            + "features (dim 1)");
                }
                yield out.put("type", module.type().name().equals("Softmax") ? "softmax" : "log_softmax").build();
            }
            case "Flatten" -> out.put("type", "flatten").build();
            default -> throw new UnsupportedModelException(place + " is not a layer Brine's networks have; save the "
                    + "state_dict of a network Brine can build, or convert it where Python runs");
        };
    }

    private static long integer(PyObject module, String attribute, String place) {
        if (module.attribute(attribute).orElse(null) instanceof PyInt value && value.fitsLong()) {
            return value.longValue();
        }
        throw new UnsupportedModelException(place + ": attribute " + attribute + " is not an int");
    }

    private static double number(PyObject module, String attribute, String place) {
        return switch (module.attribute(attribute).orElse(PyNone.NONE)) {
            case PyFloat value -> value.value();
            case PyInt value -> value.value().doubleValue();
            default -> throw new UnsupportedModelException(place + ": attribute " + attribute + " is not a number");
        };
    }

    private static boolean flag(PyObject module, String attribute) {
        return module.attribute(attribute).orElse(PyBool.FALSE) instanceof PyBool value && value.value();
    }
}
