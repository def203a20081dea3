package dev.brine.models.nn;

import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Sequential} architecture in PyTorch notation, as {@code --arch} takes it: layers separated by commas,
 * each {@code Type} or {@code Type(args)} with positional and {@code key=value} arguments as the {@code torch.nn}
 * constructor takes them, optionally prefixed by {@code name=} to give its state-dict prefix (else its position, as
 * {@code nn.Sequential} numbers it). For example {@code Linear(8,32),ReLU,Dropout(0.2),Linear(32,3)} or
 * {@code fc=Linear(10,1),Sigmoid}. Layers: Linear, ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softmax,
 * LogSoftmax, Dropout, BatchNorm1d, Flatten (names case-insensitive). The input width is the first Linear's or
 * BatchNorm1d's. A malformed spec is an {@link IllegalArgumentException} saying where.
 *
 * @param inputFeatures the width the network takes
 * @param layers        each layer's name, type and settings, as in {@link Sequential#architecture()}
 */
public record ArchitectureSpec(int inputFeatures, List<Json.JsonObject> layers) {

    public ArchitectureSpec {
        layers = List.copyOf(layers);
    }

    /** The network with zero weights, to be loaded from a state dict. */
    public Sequential build() {
        return Sequential.fromArchitecture(architecture());
    }

    /**
     * The network with these weights, loaded strictly ({@link Sequential#loadStateDict}); floating-point weights of
     * another precision are converted to float32 first, as PyTorch's {@code load_state_dict} copies them.
     */
    public Sequential withWeights(Map<String, Tensor> stateDict) {
        return withWeights(architecture(), stateDict);
    }

    /** {@link #withWeights(Map)} for an architecture in {@link Sequential#architecture()} form. */
    public static Sequential withWeights(Json.JsonObject architecture, Map<String, Tensor> stateDict) {
        Sequential network = Sequential.fromArchitecture(architecture);
        List<NamedTensor> tensors = new ArrayList<>();
        stateDict.forEach((name, tensor) -> tensors.add(new NamedTensor(name,
                isFloat(tensor.dtype()) && tensor.dtype() != DType.F32 ? tensor.to(DType.F32) : tensor,
                TensorRole.PARAMETER)));
        network.loadStateDict(tensors, true);
        return network;
    }

    private static boolean isFloat(DType dtype) {
        return switch (dtype) {
            case F64, F32, F16, BF16, F8_E4M3, F8_E5M2 -> true;
            default -> false;
        };
    }

    /** The architecture JSON {@link Sequential#fromArchitecture} takes. */
    public Json.JsonObject architecture() {
        return Json.object().put("input_features", inputFeatures).put("layers", Json.array(layers)).build();
    }

    public static ArchitectureSpec parse(String spec) {
        List<String> items = splitTopLevel(spec);
        List<Json.JsonObject> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Integer input = null;
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i).strip();
            String name = Integer.toString(i);
            int equals = item.indexOf('=');
            int paren = item.indexOf('(');
            if (equals > 0 && (paren < 0 || equals < paren)) {
                name = item.substring(0, equals).strip();
                item = item.substring(equals + 1).strip();
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw problem(spec, "layer " + (i + 1) + " has the name \"" + name + "\"; names are identifiers");
                }
            }
            if (!names.add(name)) {
                throw problem(spec, "the name \"" + name + "\" is given twice");
            }
            Json.JsonObject layer = layer(spec, i + 1, name, item);
            if (input == null) {
                input = switch (layer.getString("type")) {
                    case "linear" -> Math.toIntExact(layer.getLong("in_features"));
                    case "batch_norm1d" -> Math.toIntExact(layer.getLong("num_features"));
                    default -> null;
                };
            }
            layers.add(layer);
        }
        if (input == null) {
            throw problem(spec, "no Linear or BatchNorm1d layer tells the input width");
        }
        return new ArchitectureSpec(input, layers);
    }

    private static Json.JsonObject layer(String spec, int position, String name, String item) {
        String type = item;
        String arguments = "";
        int open = item.indexOf('(');
        if (open >= 0) {
            if (!item.endsWith(")")) {
                throw problem(spec, "layer " + position + " (\"" + item + "\") does not end with ')'");
            }
            type = item.substring(0, open).strip();
            arguments = item.substring(open + 1, item.length() - 1);
        }
        Arguments args = Arguments.parse(spec, position, arguments);
        Json.ObjectBuilder out = Json.object().put("name", name);
        switch (type.toLowerCase(Locale.ROOT)) {
            case "linear" -> out.put("type", "linear")
                    .put("in_features", args.positiveInt(0, "in_features"))
                    .put("out_features", args.positiveInt(1, "out_features"))
                    .put("bias", args.bool(2, "bias", true));
            case "batchnorm1d" -> {
                out.put("type", "batch_norm1d").put("num_features", args.positiveInt(0, "num_features"))
                        .put("eps", args.number(1, "eps", 1e-5)).put("momentum", args.number(2, "momentum", 0.1));
                if (!args.bool(3, "affine", true) || !args.bool(4, "track_running_stats", true)) {
                    throw problem(spec, "layer " + position + ": Brine's BatchNorm1d is affine and tracks running "
                            + "statistics");
                }
            }
            case "dropout" -> out.put("type", "dropout").put("p", args.number(0, "p", 0.5));
            case "flatten" -> out.put("type", "flatten");
            case "softmax", "logsoftmax" -> {
                double dim = args.number(0, "dim", 1);
                if (dim != 1 && dim != -1) {
                    throw problem(spec, "layer " + position + ": " + type + " over dim " + dim + "; Brine's works "
                            + "over the features (dim 1)");
                }
                out.put("type", type.equalsIgnoreCase("softmax") ? "softmax" : "log_softmax");
            }
            case "relu", "sigmoid", "tanh", "silu" -> out.put("type", type.toLowerCase(Locale.ROOT));
            case "gelu" -> {
                if (!args.text(0, "approximate", "none").equals("none")) {
                    throw problem(spec, "layer " + position + ": Brine's GELU is the exact one (approximate='none')");
                }
                out.put("type", "gelu");
            }
            case "leakyrelu" -> out.put("type", "leaky_relu").put("negative_slope",
                    args.number(0, "negative_slope", 0.01));
            case "elu" -> out.put("type", "elu").put("alpha", args.number(0, "alpha", 1.0));
            default -> throw problem(spec, "layer " + position + " is \"" + type + "\"; Brine builds Linear, ReLU, "
                    + "LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softmax, LogSoftmax, Dropout, BatchNorm1d and "
                    + "Flatten");
        }
        args.requireAllUsed(spec, position);
        return out.build();
    }

    /** Splits on commas outside parentheses. */
    private static List<String> splitTopLevel(String spec) {
        if (spec == null || spec.isBlank()) {
            throw problem(String.valueOf(spec), "it is empty");
        }
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '(') depth++;
            if (c == ')' && --depth < 0) throw problem(spec, "a ')' at character " + (i + 1) + " closes nothing");
            if (c == ',' && depth == 0) {
                out.add(spec.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw problem(spec, "a '(' is never closed");
        }
        out.add(spec.substring(start));
        for (String item : out) {
            if (item.isBlank()) throw problem(spec, "it has an empty layer (two commas in a row?)");
        }
        return out;
    }

    static IllegalArgumentException problem(String spec, String what) {
        return new IllegalArgumentException("architecture \"" + spec + "\": " + what + ". Write it in PyTorch "
                + "notation, e.g. Linear(8,32),ReLU,Dropout(0.2),Linear(32,3)");
    }

    /** A layer's arguments: positional values, then keyword ones; each must be used once. */
    private record Arguments(List<String> positional, Map<String, String> keywords, Set<String> used, String spec,
                             int position) {

        static Arguments parse(String spec, int position, String text) {
            List<String> positional = new ArrayList<>();
            Map<String, String> keywords = new LinkedHashMap<>();
            if (!text.isBlank()) {
                for (String part : text.split(",")) {
                    String value = part.strip();
                    int equals = value.indexOf('=');
                    if (equals > 0) {
                        keywords.put(value.substring(0, equals).strip(), value.substring(equals + 1).strip());
                    } else if (!keywords.isEmpty()) {
                        throw problem(spec, "layer " + position + " has a positional argument after a keyword one");
                    } else {
                        positional.add(value);
                    }
                }
            }
            return new Arguments(positional, keywords, new HashSet<>(), spec, position);
        }

        private String raw(int index, String key) {
            if (keywords.containsKey(key)) {
                used.add(key);
                return keywords.get(key);
            }
            if (index >= 0 && index < positional.size()) {
                used.add("#" + index);
                return positional.get(index);
            }
            return null;
        }

        int positiveInt(int index, String key) {
            String value = raw(index, key);
            if (value == null) {
                throw problem(spec, "layer " + position + " needs " + key);
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < 1) throw new NumberFormatException();
                return parsed;
            } catch (NumberFormatException e) {
                throw problem(spec, "layer " + position + ": " + key + " must be a positive integer, not \"" + value
                        + "\"");
            }
        }

        double number(int index, String key, double fallback) {
            String value = raw(index, key);
            if (value == null) return fallback;
            try {
                double parsed = Double.parseDouble(value);
                if (!Double.isFinite(parsed)) throw new NumberFormatException();
                return parsed;
            } catch (NumberFormatException e) {
                throw problem(spec, "layer " + position + ": " + key + " must be a number, not \"" + value + "\"");
            }
        }

        boolean bool(int index, String key, boolean fallback) {
            String value = raw(index, key);
            if (value == null) return fallback;
            return switch (value) {
                case "True", "true", "1" -> true;
                case "False", "false", "0" -> false;
                default -> throw problem(spec, "layer " + position + ": " + key + " must be True or False, not \""
                        + value + "\"");
            };
        }

        String text(int index, String key, String fallback) {
            String value = raw(index, key);
            if (value == null) return fallback;
            return value.replaceAll("^['\"]|['\"]$", "");
        }

        /** {@code inplace} is accepted and ignored: it changes memory use, not results. */
        void requireAllUsed(String spec, int position) {
            raw(-1, "inplace");
            for (int i = 0; i < positional.size(); i++) {
                if (!used.contains("#" + i)) {
                    throw problem(spec, "layer " + position + " has an unexpected argument \"" + positional.get(i)
                            + "\"");
                }
            }
            for (String key : keywords.keySet()) {
                if (!used.contains(key)) {
                    throw problem(spec, "layer " + position + " has an unknown argument " + key);
                }
            }
        }
    }
}
