package dev.brine.keras;

import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.json.Json;
import dev.brine.core.tensor.Tensor;
import dev.brine.keras.layers.Lstm;
import dev.brine.keras.layers.WeightSpec;
import dev.brine.models.random.Pcg64;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fresh weights for an architecture alone, as Keras would build them: each weight from the initializer its layer
 * config names ({@code kernel_initializer}…) or Keras' default for it, drawn from one seeded PCG64 in layer order so
 * the same seed gives the same model. Sizes are checked against the limits before anything is allocated.
 */
record InitialWeights(long seed, Limits limits, String source) implements WeightSource {

    /** Keras' config key and default initializer for each weight name the supported layers use. */
    private record Default(String key, String initializer) {
    }

    private static final Map<String, Default> DEFAULTS = Map.of(
            "kernel", new Default("kernel_initializer", "glorot_uniform"),
            "bias", new Default("bias_initializer", "zeros"),
            "recurrent_kernel", new Default("recurrent_initializer", "orthogonal"),
            "embeddings", new Default("embeddings_initializer", "uniform"),
            "gamma", new Default("gamma_initializer", "ones"),
            "beta", new Default("beta_initializer", "zeros"),
            "moving_mean", new Default("moving_mean_initializer", "zeros"),
            "moving_variance", new Default("moving_variance_initializer", "ones"),
            "alpha", new Default("alpha_initializer", "zeros"));

    @Override
    public Map<String, List<Tensor>> weights(List<Wanted> layers) {
        long total = 0;
        for (Wanted layer : layers) {
            for (WeightSpec spec : layer.specs()) {
                long bytes = 4L * elements(spec.shape());
                Limits.check(where(layer) + ": weight " + spec.name() + " bytes", bytes, limits.maxTensorBytes(),
                        "maxTensorBytes");
                total = Math.addExact(total, bytes);
            }
        }
        Limits.check(source + ": all weights, bytes", total, limits.maxInMemoryBytes(), "maxInMemoryBytes");
        Pcg64 random = Pcg64.seeded(seed);
        Map<String, List<Tensor>> out = new HashMap<>();
        for (Wanted layer : layers) {
            List<Tensor> tensors = new ArrayList<>();
            for (WeightSpec spec : layer.specs()) {
                tensors.add(Tensor.of(initial(layer, spec, random), spec.shape()));
            }
            out.put(layer.layer().name(), tensors);
        }
        return out;
    }

    private float[] initial(Wanted layer, WeightSpec spec, Pcg64 random) {
        Default fallback = DEFAULTS.get(spec.name());
        String where = where(layer) + ", weight " + spec.name();
        if (fallback == null) {
            throw new UnsupportedModelException(where + ": Brine does not know how Keras initialises this weight.");
        }
        Json.JsonObject config = layer.layer().entry().getOrNull("config") instanceof Json.JsonObject given ? given
                : Json.object().build();
        Json named = config.getOrNull(fallback.key());
        Initializer initializer = Initializer.parse(named == null || named == Json.JsonNull.NULL
                ? new Json.JsonString(fallback.initializer()) : named, where);
        float[] values = new float[Math.toIntExact(elements(spec.shape()))];
        initializer.fill(values, spec.shape(), random);
        if (layer.layer().layer() instanceof Lstm && spec.name().equals("bias") && unitForgetBias(config)) {
            // Keras' LSTM starts the forget gate (the second of the four gate blocks) at one.
            int units = values.length / 4;
            java.util.Arrays.fill(values, units, 2 * units, 1f);
        }
        return values;
    }

    private static boolean unitForgetBias(Json.JsonObject config) {
        return !(config.getOrNull("unit_forget_bias") instanceof Json.JsonBool bool) || bool.value();
    }

    private static long elements(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    private String where(Wanted layer) {
        return source + ": layer \"" + layer.layer().name() + "\" (" + layer.layer().layer().kerasClass() + ")";
    }
}
