package dev.brine.models.nn;

import java.util.Locale;

/**
 * A training loss, PyTorch's of the same name with {@code reduction="mean"}: MSE, L1, BCE (on probabilities, logs
 * clamped at −100), BCE with logits (numerically stable form) and cross-entropy (logits and class indices).
 */
public enum Loss {
    MSE, L1, BCE, BCE_WITH_LOGITS, CROSS_ENTROPY;

    /** The mean loss of a batch and its gradient with respect to the output. */
    public record Result(double value, FloatMatrix gradient) {
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Loss fromName(String name) {
        for (Loss loss : values()) {
            if (loss.jsonName().equals(name)) return loss;
        }
        throw new IllegalArgumentException("unknown loss \"" + name + "\"; use mse, l1, bce, bce_with_logits or "
                + "cross_entropy");
    }

    public boolean takesClasses() {
        return this == CROSS_ENTROPY;
    }

    public Result compute(FloatMatrix output, Targets targets) {
        return switch (this) {
            case CROSS_ENTROPY -> crossEntropy(output, classes(targets));
            default -> elementwise(output, values(targets));
        };
    }

    private Result elementwise(FloatMatrix output, FloatMatrix target) {
        if (target.rows() != output.rows() || target.cols() != output.cols()) {
            throw new IllegalArgumentException(jsonName() + " loss: output " + output.rows() + "x" + output.cols()
                    + " and target " + target.rows() + "x" + target.cols() + " differ");
        }
        float[] o = output.data();
        float[] t = target.data();
        int count = o.length;
        double sum = 0;
        float[] gradient = new float[count];
        for (int i = 0; i < count; i++) {
            double x = o[i];
            double y = t[i];
            switch (this) {
                case MSE -> {
                    sum += (x - y) * (x - y);
                    gradient[i] = (float) (2 * (x - y) / count);
                }
                case L1 -> {
                    sum += Math.abs(x - y);
                    gradient[i] = (float) (Math.signum(x - y) / count);
                }
                case BCE -> {
                    sum -= y * Math.max(Math.log(x), -100) + (1 - y) * Math.max(Math.log(1 - x), -100);
                    // PyTorch's binary_cross_entropy_backward divides by max(x(1-x), 1e-12).
                    gradient[i] = (float) ((x - y) / Math.max((1 - x) * x, 1e-12) / count);
                }
                case BCE_WITH_LOGITS -> {
                    sum += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                    gradient[i] = (float) ((Activation.sigmoid(x) - y) / count);
                }
                default -> throw new IllegalStateException(name());
            }
        }
        return new Result(sum / count, output.with(gradient));
    }

    private static Result crossEntropy(FloatMatrix output, int[] classes) {
        int rows = output.rows();
        int cols = output.cols();
        if (classes.length != rows) {
            throw new IllegalArgumentException("cross_entropy loss: " + rows + " outputs but " + classes.length
                    + " targets");
        }
        float[] x = output.data();
        float[] gradient = new float[x.length];
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            int target = classes[r];
            if (target < 0 || target >= cols) {
                throw new IllegalArgumentException("cross_entropy loss: class " + target + " outside 0.." + (cols - 1));
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[offset + c]);
            double total = 0;
            for (int c = 0; c < cols; c++) total += Math.exp(x[offset + c] - max);
            double logTotal = Math.log(total) + max;
            sum += logTotal - x[offset + target];
            for (int c = 0; c < cols; c++) {
                double p = Math.exp(x[offset + c] - logTotal);
                gradient[offset + c] = (float) ((p - (c == target ? 1 : 0)) / rows);
            }
        }
        return new Result(sum / rows, output.with(gradient));
    }

    private FloatMatrix values(Targets targets) {
        if (targets instanceof Targets.Values values) return values.values();
        throw new IllegalArgumentException(jsonName() + " loss needs numeric targets, not class indices");
    }

    private static int[] classes(Targets targets) {
        if (targets instanceof Targets.Classes classes) return classes.indices();
        throw new IllegalArgumentException("cross_entropy loss needs class indices as targets");
    }
}
