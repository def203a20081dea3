package dev.brine.models.nn;

import dev.brine.core.UnsupportedModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses an architecture in PyTorch notation ({@code --arch}): layers separated by commas, each
 * {@code [name=]Type[(args)]} with positional or keyword arguments as the PyTorch constructor takes them, e.g.
 * {@code Linear(8,32),ReLU,Dropout(0.2),Linear(32,3)} or {@code fc=Linear(10,1),Sigmoid}. An unnamed layer is named by
 * its position, as {@code nn.Sequential} numbers it. The input width is the first Linear's or BatchNorm1d's.
 */
public final class ArchitectureSpec {

    private ArchitectureSpec() {
    }

    /** The network (zero weights) the spec describes; load a state dict into it. */
    public static Sequential parse(String spec) {
        List<String> items = splitTopLevel(spec.strip(), spec);
        List<Sequential.Named> layers = new ArrayList<>();
        int inputFeatures = -1;
        for (int position = 0; position < items.size(); position++) {
            String item = items.get(position).strip();
            String name = Integer.toString(position);
            int equals = item.indexOf('=');
            int paren = item.indexOf('(');
            if (equals > 0 && (paren < 0 || equals < paren)) {
                name = item.substring(0, equals).strip();
                item = item.substring(equals + 1).strip();
            }
            Layer layer = layer(item, spec);
            if (inputFeatures < 0) {
                if (layer instanceof Linear linear) inputFeatures = linear.inFeatures();
                if (layer instanceof BatchNorm1d norm) inputFeatures = norm.features();
            }
            layers.add(new Sequential.Named(name, layer));
        }
        if (inputFeatures < 0) {
            throw new IllegalArgumentException("architecture \"" + spec + "\" has no Linear or BatchNorm1d layer to "
                    + "give the input width");
        }
        return new Sequential(inputFeatures, layers);
    }

    private static Layer layer(String item, String spec) {
        int open = item.indexOf('(');
        String type = (open < 0 ? item : item.substring(0, open)).strip();
        List<String> positional = new ArrayList<>();
        Map<String, String> keywords = new LinkedHashMap<>();
        if (open >= 0) {
            if (!item.endsWith(")")) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": \"" + item + "\" lacks its ')'");
            }
            String inside = item.substring(open + 1, item.length() - 1).strip();
            if (!inside.isEmpty()) {
                for (String argument : splitTopLevel(inside, spec)) {
                    int equals = argument.indexOf('=');
                    if (equals > 0) {
                        keywords.put(argument.substring(0, equals).strip(), argument.substring(equals + 1).strip());
                    } else if (keywords.isEmpty()) {
                        positional.add(argument.strip());
                    } else {
                        throw new IllegalArgumentException("architecture \"" + spec + "\": positional argument after "
                                + "keyword arguments in \"" + item + "\"");
                    }
                }
            }
        }
        Arguments args = new Arguments(type, positional, keywords, spec);
        Layer layer = switch (type.toLowerCase(Locale.ROOT)) {
            case "linear" -> Linear.zeros(args.integer(0, "in_features", null), args.integer(1, "out_features", null),
                    args.bool(2, "bias", true));
            case "batchnorm1d" -> new BatchNorm1d(args.integer(0, "num_features", null), args.number(1, "eps", 1e-5),
                    args.number(2, "momentum", 0.1));
            case "dropout" -> new Dropout(args.number(0, "p", 0.5));
            case "relu" -> Activation.of(Activation.Kind.RELU);
            case "leakyrelu" -> new Activation(Activation.Kind.LEAKY_RELU, args.number(0, "negative_slope", 0.01));
            case "elu" -> new Activation(Activation.Kind.ELU, args.number(0, "alpha", 1.0));
            case "gelu" -> Activation.of(Activation.Kind.GELU);
            case "silu" -> Activation.of(Activation.Kind.SILU);
            case "sigmoid" -> Activation.of(Activation.Kind.SIGMOID);
            case "tanh" -> Activation.of(Activation.Kind.TANH);
            case "softmax", "logsoftmax" -> {
                int dim = args.integer(0, "dim", 1);
                if (dim != 1 && dim != -1) {
                    throw new IllegalArgumentException("architecture \"" + spec + "\": " + type + " over dim " + dim
                            + "; Brine's networks take (batch, features), so only dim=1 (or -1) applies");
                }
                yield new Softmax(type.equalsIgnoreCase("logsoftmax"));
            }
            case "flatten" -> new Flatten();
            default -> throw new UnsupportedModelException("architecture \"" + spec + "\": layer type \"" + type
                    + "\" is not one Brine implements; known: Linear, BatchNorm1d, Dropout, ReLU, LeakyReLU, ELU, "
                    + "GELU, SiLU, Sigmoid, Tanh, Softmax, LogSoftmax, Flatten");
        };
        args.requireAllUsed();
        return layer;
    }

    /** Splits at commas outside parentheses. */
    private static List<String> splitTopLevel(String text, String spec) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            if (c == ')' && --depth < 0) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": unbalanced ')'");
            }
            if (c == ',' && depth == 0) {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("architecture \"" + spec + "\": unbalanced '('");
        }
        out.add(text.substring(start));
        for (String item : out) {
            if (item.isBlank()) throw new IllegalArgumentException("architecture \"" + spec + "\": empty item");
        }
        return out;
    }

    /** A layer's arguments, by position or PyTorch keyword; {@code inplace} is accepted and ignored. */
    private static final class Arguments {
        private final String type;
        private final List<String> positional;
        private final Map<String, String> keywords;
        private final String spec;
        private int usedPositional;

        Arguments(String type, List<String> positional, Map<String, String> keywords, String spec) {
            this.type = type;
            this.positional = positional;
            this.keywords = new LinkedHashMap<>(keywords);
            this.keywords.remove("inplace");
            this.spec = spec;
        }

        private String text(int index, String keyword, String fallback) {
            if (index < positional.size()) {
                usedPositional = Math.max(usedPositional, index + 1);
                return positional.get(index);
            }
            String value = keywords.remove(keyword);
            if (value != null) return value;
            if (fallback == null) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": " + type + " needs " + keyword);
            }
            return fallback;
        }

        int integer(int index, String keyword, Integer fallback) {
            String value = text(index, keyword, fallback == null ? null : fallback.toString());
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": " + type + " " + keyword + "=" + value
                        + " is not an integer");
            }
        }

        double number(int index, String keyword, double fallback) {
            String value = text(index, keyword, Double.toString(fallback));
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": " + type + " " + keyword + "=" + value
                        + " is not a number");
            }
        }

        boolean bool(int index, String keyword, boolean fallback) {
            String value = text(index, keyword, fallback ? "True" : "False");
            return switch (value) {
                case "True", "true", "1" -> true;
                case "False", "false", "0" -> false;
                default -> throw new IllegalArgumentException("architecture \"" + spec + "\": " + type + " " + keyword
                        + "=" + value + " is not True or False");
            };
        }

        void requireAllUsed() {
            if (usedPositional < positional.size() || !keywords.isEmpty()) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": " + type + " does not take "
                        + (keywords.isEmpty() ? positional.subList(usedPositional, positional.size()) : keywords.keySet()));
            }
        }
    }
}
