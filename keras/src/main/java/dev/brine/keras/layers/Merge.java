package dev.brine.keras.layers;

import dev.brine.core.IncompatibleModelException;

import java.util.Arrays;
import java.util.List;

/** Element-wise merges of inputs of one shape: Add, Subtract (two inputs), Multiply, Average, Maximum, Minimum. */
public record Merge(Operation operation) implements Layer {

    public enum Operation { ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM }

    @Override
    public String kerasClass() {
        String name = operation.name();
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public int arity() {
        return -1;
    }

    @Override
    public long[] outputShape(List<long[]> inputShapes) {
        if (inputShapes.size() < 2 || (operation == Operation.SUBTRACT && inputShapes.size() != 2)) {
            throw new IncompatibleModelException(kerasClass() + " takes " + (operation == Operation.SUBTRACT
                    ? "exactly two" : "two or more") + " inputs, not " + inputShapes.size() + ".");
        }
        for (long[] shape : inputShapes) {
            if (!Arrays.equals(shape, inputShapes.getFirst())) {
                throw new IncompatibleModelException(kerasClass() + " inputs have different shapes "
                        + inputShapes.stream().map(Shapes::text).toList() + "; Brine merges equal shapes only.");
            }
        }
        return inputShapes.getFirst().clone();
    }

    @Override
    public Values forward(List<Values> inputs, List<float[]> weights) {
        int length = inputs.getFirst().data().length;
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            double value = inputs.getFirst().data()[i];
            for (int k = 1; k < inputs.size(); k++) {
                double next = inputs.get(k).data()[i];
                value = switch (operation) {
                    case ADD, AVERAGE -> value + next;
                    case SUBTRACT -> value - next;
                    case MULTIPLY -> value * next;
                    case MAXIMUM -> Math.max(value, next);
                    case MINIMUM -> Math.min(value, next);
                };
            }
            out[i] = (float) (operation == Operation.AVERAGE ? value / inputs.size() : value);
        }
        return new Values(inputs.getFirst().shape(), out);
    }
}
