package dev.brine.models.nn;

import dev.brine.core.json.Json;

import java.util.List;
import java.util.Map;

/**
 * Adam ({@code torch.optim.Adam}) or, with decoupled weight decay, AdamW ({@code torch.optim.AdamW}): moments
 * {@code exp_avg}, {@code exp_avg_sq} (and {@code max_exp_avg_sq} with AMSGrad), bias-corrected by the step count.
 */
public final class Adam extends Optimizer {

    private final boolean decoupled;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;

    public Adam(boolean decoupled, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad) {
        super(lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0)) {
            throw new IllegalArgumentException("Adam needs 0 <= betas < 1 and eps >= 0");
        }
        this.decoupled = decoupled;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
    }

    /** PyTorch's Adam defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Adam adam(double lr) {
        return new Adam(false, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** PyTorch's AdamW defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static Adam adamW(double lr) {
        return new Adam(true, lr, 0.9, 0.999, 1e-8, 0.01, false);
    }

    @Override
    public String type() {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    protected Json.ObjectBuilder hyperParameters(Json.ObjectBuilder builder) {
        return builder.put("betas", Json.array(List.of(Json.of(beta1), Json.of(beta2)))).put("eps", eps)
                .put("weight_decay", weightDecay).put("amsgrad", amsgrad);
    }

    @Override
    protected boolean tracksStep() {
        return true;
    }

    @Override
    protected void update(Parameter parameter, Map<String, float[]> state, long step) {
        float[] value = parameter.value();
        float[] grad;
        if (decoupled) {
            float shrink = (float) (1 - lr * weightDecay);
            for (int i = 0; i < value.length; i++) value[i] *= shrink;
            grad = parameter.grad();
        } else {
            grad = decayedGradient(parameter, weightDecay);
        }
        float[] expAvg = buffer(state, "exp_avg", parameter, 0f);
        float[] expAvgSq = buffer(state, "exp_avg_sq", parameter, 0f);
        float[] maxExpAvgSq = amsgrad ? buffer(state, "max_exp_avg_sq", parameter, 0f) : null;
        float b1 = (float) beta1;
        float keep1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float keep2 = (float) (1 - beta2);
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) -(lr / biasCorrection1);
        float correction2Sqrt = (float) Math.sqrt(biasCorrection2);
        float epsilon = (float) eps;
        for (int i = 0; i < value.length; i++) {
            expAvg[i] = expAvg[i] * b1 + keep1 * grad[i];
            expAvgSq[i] = expAvgSq[i] * b2 + keep2 * grad[i] * grad[i];
            float second = expAvgSq[i];
            if (maxExpAvgSq != null) {
                maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], expAvgSq[i]);
                second = maxExpAvgSq[i];
            }
            float denominator = (float) Math.sqrt(second) / correction2Sqrt + epsilon;
            value[i] += stepSize * (expAvg[i] / denominator);
        }
    }
}
