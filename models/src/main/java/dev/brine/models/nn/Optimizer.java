package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PyTorch optimizer with its complete state: hyper-parameters (PyTorch's {@code param_groups}, one group) and,
 * per parameter index, the buffers PyTorch keeps under the same names ({@code step}, {@code exp_avg},
 * {@code momentum_buffer}…), saved as OPTIMIZER_STATE tensors {@code optimizer.state.<index>.<name>}. A parameter
 * has no state until the first step, as in PyTorch. Updates are computed in float32 with the hyper-parameters
 * rounded to float32, as PyTorch's CPU kernels do.
 */
public abstract sealed class Optimizer permits Sgd, Adam, Rmsprop, Adagrad {

    static final String PREFIX = "optimizer.state.";

    protected double lr;
    /** Per parameter index: its buffers by name; empty until its first step. */
    protected final List<Map<String, float[]>> buffers = new ArrayList<>();
    /** Per parameter index: steps taken. */
    protected final List<Long> steps = new ArrayList<>();

    protected Optimizer(double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        }
        this.lr = lr;
    }

    public abstract String type();

    /** The hyper-parameters besides the learning rate, as PyTorch names them. */
    protected abstract Json.ObjectBuilder hyperParameters(Json.ObjectBuilder builder);

    /** Updates one parameter from its gradient; {@code state} is its (mutable) buffer map. */
    protected abstract void update(Parameter parameter, Map<String, float[]> state, long step);

    /** Whether {@code step} is kept per parameter (Adam, AdamW, Adagrad, RMSprop) and so saved. */
    protected abstract boolean tracksStep();

    public double lr() {
        return lr;
    }

    public void setLr(double value) {
        lr = value;
    }

    public final void step(List<Parameter> parameters) {
        while (buffers.size() < parameters.size()) {
            buffers.add(new LinkedHashMap<>());
            steps.add(0L);
        }
        for (int i = 0; i < parameters.size(); i++) {
            long step = steps.get(i) + 1;
            steps.set(i, step);
            update(parameters.get(i), buffers.get(i), step);
            parameters.get(i).markChanged();
        }
    }

    /** PyTorch's {@code param_groups[0]} without {@code params}. */
    public Json.JsonObject config() {
        return hyperParameters(Json.object().put("type", type()).put("lr", lr)).build();
    }

    /** The state as tensors named {@code optimizer.state.<index>.<name>}, PyTorch's state-dict order. */
    public List<NamedTensor> stateTensors() {
        List<NamedTensor> out = new ArrayList<>();
        for (int i = 0; i < buffers.size(); i++) {
            if (steps.get(i) == 0) continue;
            if (tracksStep()) {
                out.add(new NamedTensor(PREFIX + i + ".step", stepTensor(steps.get(i)), TensorRole.OPTIMIZER_STATE));
            }
            for (Map.Entry<String, float[]> buffer : buffers.get(i).entrySet()) {
                out.add(new NamedTensor(PREFIX + i + "." + buffer.getKey(), Tensor.of(buffer.getValue().clone()),
                        TensorRole.OPTIMIZER_STATE));
            }
        }
        return out;
    }

    /** PyTorch 1.13 keeps Adam's, AdamW's and Adagrad's step as a float32 scalar tensor, RMSprop's as an int. */
    protected Tensor stepTensor(long step) {
        return Tensor.scalar(DType.F32, step);
    }

    /**
     * Restores the state from tensors {@code optimizer.state.<index>.<name>} for these parameters, checking that
     * every buffer has its parameter's element count.
     */
    public void loadState(List<NamedTensor> tensors, List<Parameter> parameters) {
        buffers.clear();
        steps.clear();
        for (int i = 0; i < parameters.size(); i++) {
            buffers.add(new LinkedHashMap<>());
            steps.add(0L);
        }
        for (NamedTensor tensor : tensors) {
            if (!tensor.name().startsWith(PREFIX)) continue;
            String rest = tensor.name().substring(PREFIX.length());
            int dot = rest.indexOf('.');
            int index;
            try {
                index = dot < 0 ? -1 : Integer.parseInt(rest.substring(0, dot));
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || index >= parameters.size()) {
                throw new IncompatibleModelException("optimizer state tensor \"" + tensor.name() + "\" names no "
                        + "parameter of the network's " + parameters.size());
            }
            String key = rest.substring(dot + 1);
            if (key.equals("step")) {
                steps.set(index, tensor.tensor().getLong(0));
                continue;
            }
            float[] values = tensor.tensor().toFloatArray();
            if (tensor.tensor().dtype() != DType.F32 || values.length != parameters.get(index).value().length) {
                throw new IncompatibleModelException("optimizer state \"" + tensor.name() + "\" holds "
                        + tensor.tensor().dtype() + " " + tensor.tensor().shape() + ", parameter " + index + " needs F32 with "
                        + parameters.get(index).value().length + " elements");
            }
            buffers.get(index).put(key, values);
        }
        if (!tracksStep()) {
            // SGD keeps no step count; a parameter with a momentum buffer has stepped.
            for (int i = 0; i < parameters.size(); i++) if (!buffers.get(i).isEmpty()) steps.set(i, 1L);
        }
    }

    /**
     * Builds an optimizer from {@link #config()} or from PyTorch-style settings: {@code type}, {@code lr} and any
     * hyper-parameters by PyTorch's names; absent ones take PyTorch's defaults.
     */
    public static Optimizer fromJson(Json.JsonObject json) {
        String type = json.getString("type");
        double lr = number(json, "lr", type.equals("sgd") ? Double.NaN
                : type.startsWith("adam") ? 1e-3 : 1e-2);
        if (Double.isNaN(lr)) {
            throw new IllegalArgumentException("SGD needs a learning rate (lr)");
        }
        return switch (type) {
            case "sgd" -> new Sgd(lr, number(json, "momentum", 0), number(json, "dampening", 0),
                    number(json, "weight_decay", 0), flag(json, "nesterov", false));
            case "adam", "adamw" -> {
                double[] betas = json.has("betas") ? json.getArray("betas").toDoubleArray() : new double[] {0.9, 0.999};
                if (betas.length != 2) {
                    throw new IllegalArgumentException("betas must be two numbers, got " + betas.length);
                }
                double beta1 = betas[0];
                double beta2 = betas[1];
                boolean decoupled = type.equals("adamw");
                yield new Adam(decoupled, lr, beta1, beta2, number(json, "eps", 1e-8),
                        number(json, "weight_decay", decoupled ? 1e-2 : 0), flag(json, "amsgrad", false));
            }
            case "rmsprop" -> new Rmsprop(lr, number(json, "alpha", 0.99), number(json, "eps", 1e-8),
                    number(json, "weight_decay", 0), number(json, "momentum", 0), flag(json, "centered", false));
            case "adagrad" -> new Adagrad(lr, number(json, "lr_decay", 0), number(json, "weight_decay", 0),
                    number(json, "initial_accumulator_value", 0), number(json, "eps", 1e-10));
            default -> throw new IllegalArgumentException("unknown optimizer \"" + type
                    + "\"; use sgd, adam, adamw, rmsprop or adagrad");
        };
    }

    private static double number(Json.JsonObject json, String key, double fallback) {
        return json.has(key) ? json.getDouble(key) : fallback;
    }

    private static boolean flag(Json.JsonObject json, String key, boolean fallback) {
        return json.has(key) ? json.getBoolean(key) : fallback;
    }

    /** A zero buffer the size of the parameter, created on first use. */
    protected static float[] buffer(Map<String, float[]> state, String name, Parameter parameter, float initial) {
        return state.computeIfAbsent(name, key -> {
            float[] values = new float[parameter.value().length];
            if (initial != 0f) java.util.Arrays.fill(values, initial);
            return values;
        });
    }

    /** The gradient plus weight decay, as a new array (PyTorch's {@code grad.add(param, alpha=weight_decay)}). */
    protected static float[] decayedGradient(Parameter parameter, double weightDecay) {
        float[] grad = parameter.grad().clone();
        if (weightDecay != 0) {
            float decay = (float) weightDecay;
            float[] value = parameter.value();
            for (int i = 0; i < grad.length; i++) grad[i] += decay * value[i];
        }
        return grad;
    }
}
