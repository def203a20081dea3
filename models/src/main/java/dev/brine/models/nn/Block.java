package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Layers made of layers, for networks that are not a single chain: a nested {@code nn.Sequential}, a residual block
 * ({@code after(body(x) + shortcut(x))}, the shortcut the identity when empty, as torchvision's BasicBlock,
 * Bottleneck and InvertedResidual), or branches whose outputs are concatenated along the channel axis (SqueezeNet's
 * Fire: a stem, then branches, all in the module's namespace). The children's names share one namespace (a module's attributes), so a residual block's state
 * dict reads {@code conv1.weight}, {@code bn1.running_mean}, {@code downsample.0.weight} as in PyTorch.
 */
public final class Block implements Layer {

    public enum Kind {
        /** One path, applied in order: {@code nn.Sequential}. */
        SEQUENTIAL,
        /** Path 0 is the body, path 1 the shortcut (identity when empty); their sum goes through {@code after}. */
        RESIDUAL,
        /**
         * Path 0 (the stem, may be empty) runs first; every other path (a branch) sees its output, and the branches'
         * outputs are concatenated along the channels.
         */
        CONCAT
    }

    private final Kind kind;
    private final List<List<Sequential.Named>> paths;
    private final Activation after;

    public Block(Kind kind, List<List<Sequential.Named>> paths, Activation after) {
        int expected = switch (kind) {
            case SEQUENTIAL -> 1;
            case RESIDUAL -> 2;
            case CONCAT -> paths.size();
        };
        if (kind == Kind.CONCAT ? paths.size() < 2 : paths.size() != expected || paths.getFirst().isEmpty()) {
            throw new IllegalArgumentException(kind + " block needs " + (kind == Kind.CONCAT ? "a stem and at least "
                    + "one branch" : expected + " path(s) with a first path that is not empty"));
        }
        if (after != null && kind != Kind.RESIDUAL) {
            throw new IllegalArgumentException("only a residual block has an activation after its sum");
        }
        HashSet<String> names = new HashSet<>();
        for (List<Sequential.Named> path : paths) {
            for (Sequential.Named named : path) {
                if (!names.add(named.name())) {
                    throw new IllegalArgumentException("layer name \"" + named.name() + "\" appears twice in a block");
                }
            }
        }
        this.kind = kind;
        this.paths = paths.stream().map(List::copyOf).toList();
        this.after = after;
    }

    /** {@code nn.Sequential(layers…)} nested in a network, its layers named 0, 1, 2… */
    public static Block sequential(Layer... layers) {
        List<Sequential.Named> named = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) named.add(new Sequential.Named(Integer.toString(i), layers[i]));
        return new Block(Kind.SEQUENTIAL, List.of(named), null);
    }

    public static Block sequential(List<Sequential.Named> layers) {
        return new Block(Kind.SEQUENTIAL, List.of(layers), null);
    }

    public static Block residual(List<Sequential.Named> body, List<Sequential.Named> shortcut, Activation after) {
        return new Block(Kind.RESIDUAL, List.of(body, shortcut), after);
    }

    /** {@code cat([branch(stem(x)) for branch in branches], dim=1)}; the stem may be empty. */
    public static Block concat(List<Sequential.Named> stem, List<List<Sequential.Named>> branches) {
        List<List<Sequential.Named>> paths = new ArrayList<>();
        paths.add(stem);
        paths.addAll(branches);
        return new Block(Kind.CONCAT, paths, null);
    }

    public Kind kind() {
        return kind;
    }

    public List<List<Sequential.Named>> paths() {
        return paths;
    }

    @Override
    public String type() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Json.JsonObject config() {
        Json.ObjectBuilder builder = Json.object();
        switch (kind) {
            case SEQUENTIAL -> builder.put("layers", pathJson(paths.getFirst()));
            case RESIDUAL -> {
                builder.put("body", pathJson(paths.get(0))).put("shortcut", pathJson(paths.get(1)));
                if (after != null) builder.put("after", Layers.toJson("after", after));
            }
            case CONCAT -> builder.put("stem", pathJson(paths.getFirst())).put("branches",
                    Json.array(paths.subList(1, paths.size()).stream().map(Block::pathJson).toList()));
        }
        return builder.build();
    }

    private static Json pathJson(List<Sequential.Named> path) {
        return Json.array(path.stream().map(n -> (Json) Layers.toJson(n.name(), n.layer())).toList());
    }

    @Override
    public List<StateEntry> state() {
        List<StateEntry> out = new ArrayList<>();
        for (List<Sequential.Named> path : paths) {
            for (Sequential.Named named : path) {
                for (StateEntry entry : named.layer().state()) out.add(entry.under(named.name()));
            }
        }
        return out;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        List<int[]> outputs = new ArrayList<>();
        int[] branchInput = kind == Kind.CONCAT ? pathShape(paths.getFirst(), inputShape) : inputShape;
        for (List<Sequential.Named> path : kind == Kind.CONCAT ? paths.subList(1, paths.size()) : paths) {
            outputs.add(pathShape(path, branchInput));
        }
        return combine(kind, outputs);
    }

    private static int[] pathShape(List<Sequential.Named> path, int[] inputShape) {
        int[] shape = inputShape;
        for (Sequential.Named named : path) shape = named.layer().outputShape(shape);
        return shape;
    }

    /** The output shape of a block of {@code kind} whose paths give {@code outputs}; refuses shapes that do not fit. */
    static int[] combine(Kind kind, List<int[]> outputs) {
        return switch (kind) {
            case SEQUENTIAL -> outputs.getFirst();
            case RESIDUAL -> {
                if (!Arrays.equals(outputs.get(0), outputs.get(1))) {
                    throw new IncompatibleModelException("residual block: the body gives " + Shapes.text(outputs.get(0))
                            + ", the shortcut " + Shapes.text(outputs.get(1)) + "; they must match to be added");
                }
                yield outputs.getFirst();
            }
            case CONCAT -> {
                int[] joined = outputs.getFirst().clone();
                for (int i = 1; i < outputs.size(); i++) {
                    int[] other = outputs.get(i);
                    if (other.length != joined.length || !Arrays.equals(other, 1, other.length, joined, 1,
                            joined.length)) {
                        throw new IncompatibleModelException("concatenated branches give " + Shapes.text(
                                outputs.getFirst()) + " and " + Shapes.text(other) + "; all but the channels must match");
                    }
                    joined[0] += other[0];
                }
                yield joined;
            }
        };
    }

    /** What one training pass through a path kept: every layer's input and output, and what each layer kept. */
    private record PathTape(List<FloatMatrix> activations, List<Object> kept) {
    }

    private record BlockTape(List<PathTape> paths, FloatMatrix sum) {
    }

    private static FloatMatrix run(List<Sequential.Named> path, FloatMatrix input, Pass pass, List<PathTape> tapes) {
        List<FloatMatrix> activations = new ArrayList<>();
        List<Object> kept = new ArrayList<>();
        activations.add(input);
        FloatMatrix current = input;
        for (Sequential.Named named : path) {
            current = named.layer().forward(current, pass);
            Object layerKept = pass.takeKept();
            if (tapes != null) {
                activations.add(current);
                kept.add(layerKept);
            }
        }
        if (tapes != null) tapes.add(new PathTape(activations, kept));
        return current;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        List<PathTape> tapes = pass.training() ? new ArrayList<>() : null;
        FloatMatrix result;
        FloatMatrix sum = null;
        switch (kind) {
            case SEQUENTIAL -> result = run(paths.getFirst(), input, pass, tapes);
            case RESIDUAL -> {
                FloatMatrix body = run(paths.get(0), input, pass, tapes);
                float[] a = body.data();
                float[] b = run(paths.get(1), input, pass, tapes).data();
                float[] added = new float[a.length];
                for (int i = 0; i < a.length; i++) added[i] = a[i] + b[i];
                sum = body.with(added);
                result = after == null ? sum : after.forward(sum, pass);
            }
            case CONCAT -> {
                FloatMatrix stem = run(paths.getFirst(), input, pass, tapes);
                List<FloatMatrix> outputs = new ArrayList<>();
                for (int p = 1; p < paths.size(); p++) outputs.add(run(paths.get(p), stem, pass, tapes));
                result = joined(outputs);
            }
            default -> throw new IllegalStateException();
        }
        if (tapes != null) pass.keep(new BlockTape(tapes, sum));
        return result;
    }

    private static FloatMatrix joined(List<FloatMatrix> outputs) {
        int rows = outputs.getFirst().rows();
        int cols = 0;
        for (FloatMatrix output : outputs) cols += output.cols();
        float[] joined = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            int at = r * cols;
            for (FloatMatrix output : outputs) {
                System.arraycopy(output.data(), r * output.cols(), joined, at, output.cols());
                at += output.cols();
            }
        }
        int[] shape = outputs.getFirst().shape().clone();
        shape[0] = 0;
        for (FloatMatrix output : outputs) shape[0] += output.shape()[0];
        return new FloatMatrix(rows, cols, joined, shape);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        BlockTape tape = (BlockTape) kept;
        return switch (kind) {
            case SEQUENTIAL -> back(0, tape, gradOutput);
            case RESIDUAL -> {
                FloatMatrix gradSum = after == null ? gradOutput : after.backward(tape.sum(), output, null, gradOutput);
                yield added(back(0, tape, gradSum), back(1, tape, gradSum));
            }
            case CONCAT -> {
                int rows = gradOutput.rows();
                int offset = 0;
                FloatMatrix gradStem = null;
                for (int p = 1; p < paths.size(); p++) {
                    FloatMatrix out = tape.paths().get(p).activations().getLast();
                    float[] part = new float[out.data().length];
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(gradOutput.data(), r * gradOutput.cols() + offset, part, r * out.cols(),
                                out.cols());
                    }
                    offset += out.cols();
                    FloatMatrix branch = back(p, tape, out.with(part));
                    gradStem = gradStem == null ? branch : added(gradStem, branch);
                }
                yield back(0, tape, gradStem);
            }
        };
    }

    /** Backpropagates through path {@code p}: the gradient with respect to the path's input. */
    private FloatMatrix back(int p, BlockTape tape, FloatMatrix gradient) {
        List<Sequential.Named> path = paths.get(p);
        PathTape pathTape = tape.paths().get(p);
        for (int i = path.size() - 1; i >= 0; i--) {
            gradient = path.get(i).layer().backward(pathTape.activations().get(i), pathTape.activations().get(i + 1),
                    pathTape.kept().get(i), gradient);
        }
        return gradient;
    }

    private static FloatMatrix added(FloatMatrix a, FloatMatrix b) {
        float[] sum = a.data().clone();
        float[] more = b.data();
        for (int i = 0; i < sum.length; i++) sum[i] += more[i];
        return a.with(sum);
    }

    @Override
    public Block copy() {
        return new Block(kind, paths.stream().map(path -> path.stream().map(n -> new Sequential.Named(n.name(),
                n.layer().copy())).toList()).toList(), after);
    }
}
