package dev.brine.models.nn;

import dev.brine.core.json.Json;

import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay, as
 * {@code torch.optim.SGD}: the first step copies the gradient into {@code momentum_buffer}.
 */
public final class Sgd extends Optimizer {

    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    public Sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(lr);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    public Sgd(double lr) {
        this(lr, 0, 0, 0, false);
    }

    @Override
    public String type() {
        return "sgd";
    }

    @Override
    protected Json.ObjectBuilder hyperParameters(Json.ObjectBuilder builder) {
        return builder.put("momentum", momentum).put("dampening", dampening).put("weight_decay", weightDecay)
                .put("nesterov", nesterov);
    }

    @Override
    protected boolean tracksStep() {
        return false;
    }

    @Override
    protected void update(Parameter parameter, Map<String, float[]> state, long step) {
        float[] d = decayedGradient(parameter, weightDecay);
        if (momentum != 0) {
            float[] buffer = state.get("momentum_buffer");
            if (buffer == null) {
                state.put("momentum_buffer", d.clone());
                buffer = state.get("momentum_buffer");
            } else {
                float m = (float) momentum;
                float keep = (float) (1 - dampening);
                for (int i = 0; i < d.length; i++) buffer[i] = buffer[i] * m + keep * d[i];
            }
            if (nesterov) {
                float m = (float) momentum;
                for (int i = 0; i < d.length; i++) d[i] += m * buffer[i];
            } else {
                d = buffer;
            }
        }
        float rate = (float) -lr;
        float[] value = parameter.value();
        for (int i = 0; i < value.length; i++) value[i] += rate * d[i];
    }
}
