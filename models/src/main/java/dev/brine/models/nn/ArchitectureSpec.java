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
 * {@code Linear(8,32),ReLU,Dropout(0.2),Linear(32,3)} or {@code fc=Linear(10,1),Sigmoid}. An unnamed layer is named
 * by its position, as {@code nn.Sequential} numbers it; {@code name=Sequential(…)} (or {@code ModuleList(…)}) nests
 * layers, so {@code network=Sequential(Linear(12,64),ReLU)} loads {@code network.0.weight}. The input shape is the
 * first Linear's or BatchNorm1d's width (past a leading Flatten, inside nested blocks), or
 * {@code (channels, 224, 224)} for a first Conv2d or BatchNorm2d, unless a first item {@code Input(3,32,32)} gives it.
 * Integer-or-tuple arguments take either ({@code kernel_size=3}, {@code stride=(2,1)}).
 */
public final class ArchitectureSpec {

    private ArchitectureSpec() {
    }

    /**
     * The network (zero weights) the spec describes; load a state dict into it. A name from {@link Catalog} (e.g.
     * {@code torchvision.resnet18}) gives that standard architecture.
     */
    public static Sequential parse(String spec) {
        if (Catalog.isCatalogName(spec.strip())) {
            return Catalog.build(spec.strip());
        }
        List<String> items = splitTopLevel(spec.strip(), spec);
        int[] inputShape = null;
        if (items.getFirst().strip().toLowerCase(Locale.ROOT).startsWith("input(")) {
            String first = items.getFirst().strip();
            inputShape = tuple(first.substring(first.indexOf('(')), spec);
            items = items.subList(1, items.size());
        }
        List<Sequential.Named> layers = namedLayers(items, spec);
        if (inputShape == null) {
            inputShape = inputShape(layers);
        }
        if (inputShape == null) {
            throw new IllegalArgumentException("architecture \"" + spec + "\": the input shape is unknown; start the "
                    + "spec with Input(features) or Input(channels, height, width), or with a Linear, BatchNorm or "
                    + "Conv2d layer (a Conv2d network takes (channels, 224, 224) unless Input says otherwise)");
        }
        return new Sequential(inputShape, layers);
    }

    /**
     * Items {@code [name=]Type[(args)]}, an unnamed one named by its position as {@code nn.Sequential} numbers it; a
     * {@code Sequential(…)} or {@code ModuleList(…)} item nests its own items under its name.
     */
    private static List<Sequential.Named> namedLayers(List<String> items, String spec) {
        List<Sequential.Named> layers = new ArrayList<>();
        for (int position = 0; position < items.size(); position++) {
            String item = items.get(position).strip();
            String name = Integer.toString(position);
            int equals = item.indexOf('=');
            int paren = item.indexOf('(');
            if (equals > 0 && (paren < 0 || equals < paren)) {
                name = item.substring(0, equals).strip();
                item = item.substring(equals + 1).strip();
            }
            String type = item;
            layers.add(new Sequential.Named(name, container(type, spec).orElseGet(() -> layer(type, spec))));
        }
        return layers;
    }

    /**
     * {@code Sequential(…)} as a nested block; {@code ModuleList(…)} the same, since a ModuleList's state-dict keys
     * are its items' positions and Brine applies its items in order (name an activation the loop applies between them,
     * {@code ModuleList(0=Linear(6,16),relu0=ReLU,1=Linear(16,2))}, so the indices stay PyTorch's).
     */
    private static java.util.Optional<Layer> container(String item, String spec) {
        int open = item.indexOf('(');
        String type = (open < 0 ? item : item.substring(0, open)).strip().toLowerCase(Locale.ROOT);
        if (!type.equals("sequential") && !type.equals("modulelist")) {
            return java.util.Optional.empty();
        }
        if (open < 0 || !item.endsWith(")") || item.substring(open + 1, item.length() - 1).isBlank()) {
            throw new IllegalArgumentException("architecture \"" + spec + "\": \"" + item + "\" needs its layers in "
                    + "parentheses, e.g. Sequential(Linear(4,8),ReLU)");
        }
        List<String> inner = splitTopLevel(item.substring(open + 1, item.length() - 1).strip(), spec);
        return java.util.Optional.of(Block.sequential(namedLayers(inner, spec)));
    }

    /**
     * The input shape the first weighted layer implies, looking into nested blocks and past a leading Flatten (the
     * PyTorch quickstart flattens its images first; Brine then takes them flat).
     */
    private static int[] inputShape(List<Sequential.Named> layers) {
        for (Sequential.Named named : layers) {
            int[] shape = switch (named.layer()) {
                case Linear linear -> new int[] {linear.inFeatures()};
                case BatchNorm norm when norm.dims() == 1 -> new int[] {norm.features()};
                case Conv conv when conv.type().equals("conv2d") -> new int[] {conv.inChannels(), 224, 224};
                case BatchNorm norm -> new int[] {norm.features(), 224, 224};
                case Block block when block.kind() == Block.Kind.SEQUENTIAL -> inputShape(block.paths().getFirst());
                default -> null;
            };
            if (shape != null || !(named.layer() instanceof Flatten)) {
                return shape;
            }
        }
        return null;
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
        String lower = type.toLowerCase(Locale.ROOT);
        Layer layer = switch (lower) {
            case "linear" -> Linear.zeros(args.integer(0, "in_features", null), args.integer(1, "out_features", null),
                    args.bool(2, "bias", true));
            case "conv1d", "conv2d" -> {
                int dims = lower.equals("conv1d") ? 1 : 2;
                int in = args.integer(0, "in_channels", null);
                int out = args.integer(1, "out_channels", null);
                int[] kernel = args.ints(2, "kernel_size", null, dims);
                int[] stride = args.ints(3, "stride", 1, dims);
                String padding = args.text(4, "padding", "0");
                int[] pads = padding.equals("'same'") || padding.equals("\"same\"") ? null
                        : padding.equals("'valid'") || padding.equals("\"valid\"") ? new int[dims]
                        : args.parseInts("padding", padding, dims);
                yield new Conv(dims, in, out, kernel, stride, pads, args.ints(5, "dilation", 1, dims),
                        args.integer(6, "groups", 1), args.bool(7, "bias", true));
            }
            case "convtranspose2d" -> new ConvTranspose2d(args.integer(0, "in_channels", null),
                    args.integer(1, "out_channels", null), args.ints(2, "kernel_size", null, 2),
                    args.ints(3, "stride", 1, 2), args.ints(4, "padding", 0, 2), args.ints(5, "output_padding", 0, 2),
                    args.ints(8, "dilation", 1, 2), args.integer(6, "groups", 1), args.bool(7, "bias", true));
            case "batchnorm1d", "batchnorm2d" -> new BatchNorm(lower.equals("batchnorm1d") ? 1 : 2,
                    args.integer(0, "num_features", null), args.number(1, "eps", 1e-5), args.number(2, "momentum", 0.1));
            case "layernorm" -> new LayerNorm(args.ints(0, "normalized_shape", null, -1), args.number(1, "eps", 1e-5),
                    args.bool(2, "elementwise_affine", true));
            case "groupnorm" -> new GroupNorm(args.integer(0, "num_groups", null), args.integer(1, "num_channels", null),
                    args.number(2, "eps", 1e-5), args.bool(3, "affine", true));
            case "maxpool1d", "maxpool2d" -> {
                int dims = lower.endsWith("1d") ? 1 : 2;
                int[] kernel = args.ints(0, "kernel_size", null, dims);
                String stride = args.text(1, "stride", "None");
                yield new Pool(true, dims, kernel, stride.equals("None") ? kernel : args.parseInts("stride", stride,
                        dims), args.ints(2, "padding", 0, dims), args.ints(3, "dilation", 1, dims),
                        ignoreReturnIndices(args, 4, spec) && args.bool(5, "ceil_mode", false), false);
            }
            case "avgpool1d", "avgpool2d" -> {
                int dims = lower.endsWith("1d") ? 1 : 2;
                int[] kernel = args.ints(0, "kernel_size", null, dims);
                String stride = args.text(1, "stride", "None");
                int[] ones = new int[dims];
                java.util.Arrays.fill(ones, 1);
                yield new Pool(false, dims, kernel, stride.equals("None") ? kernel : args.parseInts("stride", stride,
                        dims), args.ints(2, "padding", 0, dims), ones, args.bool(3, "ceil_mode", false),
                        args.bool(4, "count_include_pad", true));
            }
            case "adaptiveavgpool1d", "adaptiveavgpool2d" -> {
                int dims = lower.endsWith("1d") ? 1 : 2;
                yield new AdaptiveAvgPool(dims, args.ints(0, "output_size", null, dims));
            }
            case "dropout" -> new Dropout(args.number(0, "p", 0.5));
            case "dropout1d", "dropout2d" -> new Dropout2d(args.number(0, "p", 0.5));
            case "embedding" -> new Embedding(args.integer(0, "num_embeddings", null),
                    args.integer(1, "embedding_dim", null), args.integer(2, "padding_idx", -1));
            case "gelu" -> Activation.of(args.text(0, "approximate", "'none'").replace("\"", "'").equals("'tanh'")
                    ? Activation.Kind.GELU_TANH : Activation.Kind.GELU);
            case "softmax", "logsoftmax" -> {
                int dim = args.integer(0, "dim", 1);
                if (dim != 1 && dim != -1) {
                    throw new IllegalArgumentException("architecture \"" + spec + "\": " + type + " over dim " + dim
                            + "; Brine's networks take (batch, features), so only dim=1 (or -1) applies");
                }
                yield new Softmax(lower.equals("logsoftmax"));
            }
            case "flatten" -> new Flatten();
            default -> activation(lower, args).orElseThrow(() -> new UnsupportedModelException("architecture \""
                    + spec + "\": layer type \"" + type + "\" is not one Brine implements; known: Linear, Conv1d, "
                    + "Conv2d, ConvTranspose2d, BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm, MaxPool1d, MaxPool2d, AvgPool1d, "
                    + "AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, Dropout, Dropout1d, Dropout2d, Embedding, "
                    + "Flatten, Softmax, LogSoftmax, and the activations " + activationNames()
                    + "; or a catalog name: " + Catalog.NAMES));
        };
        args.requireAllUsed();
        return layer;
    }

    /** MaxPool's {@code return_indices}, which only False can be. */
    private static boolean ignoreReturnIndices(Arguments args, int index, String spec) {
        if (args.bool(index, "return_indices", false)) {
            throw new UnsupportedModelException("architecture \"" + spec + "\": MaxPool with return_indices=True gives "
                    + "two outputs, which a Sequential network cannot pass on");
        }
        return true;
    }

    private static java.util.Optional<Layer> activation(String lower, Arguments args) {
        for (Activation.Kind kind : Activation.Kind.values()) {
            if (!kind.torchName().isEmpty() && kind.torchName().equals(lower)) {
                String parameter = kind.parameterName();
                double value = parameter == null ? 0 : args.number(0, parameter, kind.defaultParameter());
                if (kind == Activation.Kind.SOFTPLUS) args.number(1, "threshold", 20);
                return java.util.Optional.of(new Activation(kind, value));
            }
        }
        return java.util.Optional.empty();
    }

    private static String activationNames() {
        return String.join(", ", java.util.Arrays.stream(Activation.Kind.values()).map(Activation.Kind::torchName)
                .filter(name -> !name.isEmpty()).distinct().toList());
    }

    /** {@code (3, 32, 32)} or {@code 3}. */
    private static int[] tuple(String text, String spec) {
        String inside = text.strip();
        if (inside.startsWith("(") && inside.endsWith(")")) inside = inside.substring(1, inside.length() - 1);
        List<String> parts = new ArrayList<>();
        for (String part : inside.split(",")) {
            if (!part.isBlank()) parts.add(part.strip());
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("architecture \"" + spec + "\": empty tuple " + text);
        int[] out = new int[parts.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Integer.parseInt(parts.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": " + text + " is not a tuple of "
                        + "integers");
            }
        }
        return out;
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

        String text(int index, String keyword, String fallback) {
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

        /** An int or a tuple, as PyTorch's {@code _pair}: one value stands for all {@code dims} ({@code -1}: any). */
        int[] ints(int index, String keyword, Integer fallback, int dims) {
            return parseInts(keyword, text(index, keyword, fallback == null ? null : fallback.toString()), dims);
        }

        int[] parseInts(String keyword, String value, int dims) {
            int[] values = tuple(value, spec);
            if (values.length == 1 && dims > 1) {
                int[] out = new int[dims];
                java.util.Arrays.fill(out, values[0]);
                return out;
            }
            if (dims > 0 && values.length != dims) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": " + type + " " + keyword + "="
                        + value + " needs " + dims + " values");
            }
            return values;
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
