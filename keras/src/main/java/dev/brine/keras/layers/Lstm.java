package dev.brine.keras.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code LSTM} over {@code (batch, time, features)}, as Keras computes it: gates in the order input, forget, cell,
 * output in {@code kernel (features, 4u)}, {@code recurrent_kernel (u, 4u)} and {@code bias (4u)};
 * {@code c = f·c + i·activation(z_c)}, {@code h = o·activation(c)}, states starting at zero.
 */
public record Lstm(int units, Activation activation, Activation recurrentActivation, boolean useBias,
                   boolean returnSequences, boolean goBackwards) implements Layer {

    @Override
    public String kerasClass() {
        return "LSTM";
    }

    @Override
    public List<WeightSpec> weights(List<long[]> inputShapes) {
        long[] shape = Shapes.single(inputShapes, "LSTM");
        if (shape.length != 2) {
            throw new dev.brine.core.IncompatibleModelException("LSTM takes (time, features) inputs, not "
                    + Shapes.text(shape) + ".");
        }
        long features = Shapes.lastKnown(shape, "LSTM");
        List<WeightSpec> weights = new ArrayList<>(List.of(WeightSpec.parameter("kernel", features, 4L * units),
                WeightSpec.parameter("recurrent_kernel", units, 4L * units)));
        if (useBias) {
            weights.add(WeightSpec.parameter("bias", 4L * units));
        }
        return weights;
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        long[] shape = Shapes.single(inputShapes, "LSTM");
        return returnSequences ? new long[] {shape[0], units} : new long[] {units};
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        Values input = inputs.getFirst();
        int batch = input.rows();
        int steps = (int) input.shape()[1];
        int features = (int) input.shape()[2];
        float[] kernel = weights.get(0);
        float[] recurrent = weights.get(1);
        float[] bias = useBias ? weights.get(2) : new float[4 * units];
        float[] out = new float[batch * (returnSequences ? steps : 1) * units];
        double[] h = new double[units];
        double[] c = new double[units];
        double[] z = new double[4 * units];
        for (int row = 0; row < batch; row++) {
            java.util.Arrays.fill(h, 0);
            java.util.Arrays.fill(c, 0);
            for (int step = 0; step < steps; step++) {
                int t = goBackwards ? steps - 1 - step : step;
                int inputOffset = (row * steps + t) * features;
                for (int g = 0; g < 4 * units; g++) {
                    z[g] = bias[g];
                }
                for (int i = 0; i < features; i++) {
                    double x = input.data()[inputOffset + i];
                    for (int g = 0; g < 4 * units; g++) {
                        z[g] += x * kernel[i * 4 * units + g];
                    }
                }
                for (int i = 0; i < units; i++) {
                    double previous = h[i];
                    for (int g = 0; g < 4 * units; g++) {
                        z[g] += previous * recurrent[i * 4 * units + g];
                    }
                }
                for (int u = 0; u < units; u++) {
                    double inputGate = recurrentActivation.scalar(z[u]);
                    double forgetGate = recurrentActivation.scalar(z[units + u]);
                    c[u] = forgetGate * c[u] + inputGate * activation.scalar(z[2 * units + u]);
                    double outputGate = recurrentActivation.scalar(z[3 * units + u]);
                    h[u] = outputGate * activation.scalar(c[u]);
                }
                if (returnSequences) {
                    for (int u = 0; u < units; u++) {
                        out[(row * steps + step) * units + u] = (float) h[u];
                    }
                }
            }
            if (!returnSequences) {
                for (int u = 0; u < units; u++) {
                    out[row * units + u] = (float) h[u];
                }
            }
        }
        long[] shape = returnSequences ? new long[] {batch, steps, units} : new long[] {batch, units};
        return new Values(shape, out);
    }
}
