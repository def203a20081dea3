package dev.brine.models.data;

import dev.brine.core.IncompatibleModelException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Class labels encoded as indices into a sorted list of their names, as scikit-learn's {@code classes_}: text sorts
 * lexicographically, numbers numerically (and print without a needless ".0", so {@code 1.0} is the label "1").
 */
public record Labels(int[] codes, List<String> classes) {

    public Labels {
        classes = List.copyOf(classes);
        for (int code : codes) {
            if (code < 0 || code >= classes.size()) {
                throw new IllegalArgumentException("label code " + code + " outside 0.." + (classes.size() - 1));
            }
        }
    }

    public static Labels of(Column column) {
        return switch (column) {
            case Column.Text text -> ofText(text.name(), text.values());
            case Column.Numeric numeric -> ofNumbers(numeric.name(), numeric.values());
        };
    }

    public static Labels ofText(String name, String[] values) {
        TreeSet<String> distinct = new TreeSet<>();
        for (int r = 0; r < values.length; r++) {
            if (values[r] == null) {
                throw new IncompatibleModelException("target column \"" + name + "\" row " + (r + 1) + " is empty");
            }
            distinct.add(values[r]);
        }
        List<String> classes = new ArrayList<>(distinct);
        int[] codes = new int[values.length];
        for (int r = 0; r < values.length; r++) {
            codes[r] = java.util.Collections.binarySearch(classes, values[r]);
        }
        return new Labels(codes, classes);
    }

    public static Labels ofNumbers(String name, double[] values) {
        double[] distinct = Arrays.stream(values).distinct().sorted().toArray();
        for (int r = 0; r < values.length; r++) {
            if (Double.isNaN(values[r])) {
                throw new IncompatibleModelException("target column \"" + name + "\" row " + (r + 1) + " is empty");
            }
        }
        List<String> classes = new ArrayList<>(distinct.length);
        for (double value : distinct) {
            classes.add(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value));
        }
        int[] codes = new int[values.length];
        for (int r = 0; r < values.length; r++) {
            codes[r] = Arrays.binarySearch(distinct, values[r]);
        }
        return new Labels(codes, classes);
    }

    public int classCount() {
        return classes.size();
    }

    public int size() {
        return codes.length;
    }

    /**
     * These labels coded against a model's {@code known} classes, for training it further on new rows: the new rows
     * may hold any subset of those classes, but not a class the model has never seen.
     */
    public Labels codedAs(List<String> known, String model) {
        int[] recoded = new int[codes.length];
        int[] position = new int[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            position[c] = known.indexOf(classes.get(c));
            if (position[c] < 0) {
                throw new IncompatibleModelException("the new rows have class \"" + classes.get(c) + "\", which this "
                        + model + " does not know (its classes: " + known + "); a model cannot learn a new class by "
                        + "training further: fit a new one on all rows");
            }
        }
        for (int r = 0; r < codes.length; r++) recoded[r] = position[codes[r]];
        return new Labels(recoded, known);
    }

    public Labels selectRows(int[] rowIndices) {
        int[] out = new int[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) out[i] = codes[rowIndices[i]];
        return new Labels(out, classes);
    }
}
