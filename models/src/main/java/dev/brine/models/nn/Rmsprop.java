package dev.brine.models.nn;

import dev.brine.core.json.Json;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.util.Map;

/**
 * RMSprop as {@code torch.optim.RMSprop}: {@code square_avg}, plus {@code momentum_buffer} with momentum and
 * {@code grad_avg} when centred.
 */
public final class Rmsprop extends Optimizer {

    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    public Rmsprop(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        super(lr);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    /** PyTorch's defaults: alpha 0.99, eps 1e-8, no momentum, not centred. */
    public Rmsprop(double lr) {
        this(lr, 0.99, 1e-8, 0, 0, false);
    }

    @Override
    public String type() {
        return "rmsprop";
    }

    @Override
    protected Json.ObjectBuilder hyperParameters(Json.ObjectBuilder builder) {
        return builder.put("alpha", alpha).put("eps", eps).put("weight_decay", weightDecay).put("momentum", momentum)
                .put("centered", centered);
    }

    @Override
    protected boolean tracksStep() {
        return true;
    }

    @Override
    protected Tensor stepTensor(long step) {
        Tensor tensor = Tensor.zeros(DType.I64);
        tensor.setLong(0, step);
        return tensor;
    }

    @Override
    protected void update(Parameter parameter, Map<String, float[]> state, long step) {
        float[] grad = decayedGradient(parameter, weightDecay);
        float[] value = parameter.value();
        float[] squareAvg = buffer(state, "square_avg", parameter, 0f);
        float[] momentumBuffer = momentum > 0 ? buffer(state, "momentum_buffer", parameter, 0f) : null;
        float[] gradAvg = centered ? buffer(state, "grad_avg", parameter, 0f) : null;
        float a = (float) alpha;
        float keep = (float) (1 - alpha);
        float epsilon = (float) eps;
        float m = (float) momentum;
        float rate = (float) -lr;
        for (int i = 0; i < value.length; i++) {
            squareAvg[i] = squareAvg[i] * a + keep * grad[i] * grad[i];
            float average;
            if (gradAvg != null) {
                gradAvg[i] = gradAvg[i] * a + keep * grad[i];
                average = (float) Math.sqrt(squareAvg[i] - gradAvg[i] * gradAvg[i]) + epsilon;
            } else {
                average = (float) Math.sqrt(squareAvg[i]) + epsilon;
            }
            if (momentumBuffer != null) {
                momentumBuffer[i] = momentumBuffer[i] * m + grad[i] / average;
                value[i] += rate * momentumBuffer[i];
            } else {
                value[i] += rate * (grad[i] / average);
            }
        }
    }
}
