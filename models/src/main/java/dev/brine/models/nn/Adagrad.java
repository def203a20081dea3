package dev.brine.models.nn;

import dev.brine.core.json.Json;

import java.util.Map;

/** Adagrad as {@code torch.optim.Adagrad}: the running {@code sum} of squared gradients and a decaying rate. */
public final class Adagrad extends Optimizer {

    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulator;
    private final double eps;

    public Adagrad(double lr, double lrDecay, double weightDecay, double initialAccumulator, double eps) {
        super(lr);
        this.lrDecay = lrDecay;
        this.weightDecay = weightDecay;
        this.initialAccumulator = initialAccumulator;
        this.eps = eps;
    }

    /** PyTorch's defaults: no rate decay or weight decay, accumulator from 0, eps 1e-10. */
    public Adagrad(double lr) {
        this(lr, 0, 0, 0, 1e-10);
    }

    @Override
    public String type() {
        return "adagrad";
    }

    @Override
    protected Json.ObjectBuilder hyperParameters(Json.ObjectBuilder builder) {
        return builder.put("lr_decay", lrDecay).put("weight_decay", weightDecay)
                .put("initial_accumulator_value", initialAccumulator).put("eps", eps);
    }

    @Override
    protected boolean tracksStep() {
        return true;
    }

    @Override
    protected void update(Parameter parameter, Map<String, float[]> state, long step) {
        float[] grad = decayedGradient(parameter, weightDecay);
        float[] value = parameter.value();
        float[] sum = buffer(state, "sum", parameter, (float) initialAccumulator);
        float rate = (float) -(lr / (1 + (step - 1) * lrDecay));
        float epsilon = (float) eps;
        for (int i = 0; i < value.length; i++) {
            sum[i] += grad[i] * grad[i];
            value[i] += rate * (grad[i] / ((float) Math.sqrt(sum[i]) + epsilon));
        }
    }
}
