package dev.brine.keras;

import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.models.random.Pcg64;

import java.util.Arrays;
import java.util.Locale;

/**
 * A Keras weight initializer Brine can reproduce in distribution (not bit for bit: the random stream is Brine's
 * seeded PCG64, not TensorFlow's), as Keras defines it: fans from the weight's shape, truncated normals cut at two
 * standard deviations and widened by 1/0.8796 so their spread is the one asked for.
 */
sealed interface Initializer {
    /** Standard deviation of a unit normal truncated to [-2, 2]; Keras divides by it (VarianceScaling). */
    double TRUNCATED_STDDEV = 0.87962566103423978;

    void fill(float[] values, long[] shape, Pcg64 random);

    record Constant(float value) implements Initializer {
        @Override
        public void fill(float[] values, long[] shape, Pcg64 random) {
            Arrays.fill(values, value);
        }
    }

    record Uniform(double low, double high) implements Initializer {
        @Override
        public void fill(float[] values, long[] shape, Pcg64 random) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (low + (high - low) * random.nextDouble());
            }
        }
    }

    record Normal(double mean, double stddev) implements Initializer {
        @Override
        public void fill(float[] values, long[] shape, Pcg64 random) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (mean + stddev * random.nextGaussian());
            }
        }
    }

    /** Glorot and He: uniform within sqrt(3 scale / fan) or truncated normal with stddev sqrt(scale / fan). */
    record VarianceScaling(double scale, boolean averageFans, boolean uniform) implements Initializer {
        @Override
        public void fill(float[] values, long[] shape, Pcg64 random) {
            double[] fans = fans(shape);
            double fan = averageFans ? (fans[0] + fans[1]) / 2 : fans[0];
            double variance = scale / Math.max(1, fan);
            if (uniform) {
                new Uniform(-Math.sqrt(3 * variance), Math.sqrt(3 * variance)).fill(values, shape, random);
                return;
            }
            double stddev = Math.sqrt(variance) / TRUNCATED_STDDEV;
            for (int i = 0; i < values.length; i++) {
                double draw;
                do {
                    draw = random.nextGaussian();
                } while (Math.abs(draw) > 2);
                values[i] = (float) (stddev * draw);
            }
        }

        /** Keras' {@code compute_fans}: (in, out) for a matrix, times the receptive field for convolution kernels. */
        static double[] fans(long[] shape) {
            return switch (shape.length) {
                case 0 -> new double[] {1, 1};
                case 1 -> new double[] {shape[0], shape[0]};
                case 2 -> new double[] {shape[0], shape[1]};
                default -> {
                    double receptive = 1;
                    for (int i = 0; i < shape.length - 2; i++) {
                        receptive *= shape[i];
                    }
                    yield new double[] {receptive * shape[shape.length - 2], receptive * shape[shape.length - 1]};
                }
            };
        }
    }

    /**
     * The initializer a layer config names: a string ({@code "glorot_uniform"}) or an object with
     * {@code class_name} ({@code "GlorotUniform"}) and {@code config}. Its {@code seed} is not used: the model's seed is.
     */
    static Initializer parse(Json value, String where) {
        String name;
        Json.JsonObject config = Json.object().build();
        switch (value) {
            case Json.JsonString string -> name = string.value();
            case Json.JsonObject object when object.getOrNull("class_name") instanceof Json.JsonString className -> {
                name = className.value();
                if (object.getOrNull("config") instanceof Json.JsonObject given) {
                    config = given;
                }
            }
            default -> throw new UnsupportedModelException(where + ": initializer " + value + " is neither a name"
                    + " nor a {class_name, config} object.");
        }
        return switch (name.replace("_", "").toLowerCase(Locale.ROOT)) {
            case "zeros", "zero" -> new Constant(0);
            case "ones", "one" -> new Constant(1);
            case "glorotuniform" -> new VarianceScaling(1, true, true);
            case "glorotnormal" -> new VarianceScaling(1, true, false);
            case "heuniform" -> new VarianceScaling(2, false, true);
            case "henormal" -> new VarianceScaling(2, false, false);
            case "randomuniform", "uniform" -> new Uniform(number(config, "minval", -0.05),
                    number(config, "maxval", 0.05));
            case "randomnormal", "normal" -> new Normal(number(config, "mean", 0), number(config, "stddev", 0.05));
            default -> throw new UnsupportedModelException(where + ": initializer \"" + name + "\" is not supported"
                    + " for fresh models (supported: zeros, ones, glorot_uniform, glorot_normal, he_uniform,"
                    + " he_normal, random_uniform, random_normal). Load saved weights instead, or change it.");
        };
    }

    private static double number(Json.JsonObject config, String key, double fallback) {
        return config.getOrNull(key) instanceof Json.JsonNumber number ? number.doubleValue() : fallback;
    }
}
