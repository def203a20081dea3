package dev.brine.models.tabular;

import dev.brine.models.data.Column;
import dev.brine.models.data.Labels;

/** What a supervised model learns to predict: numbers (regression) or class labels (classification). */
public sealed interface Target permits Target.Values, Target.Classes {

    int size();

    Target selectRows(int[] rowIndices);

    /** Classes when asked for, else numbers; a text column can only be classes. */
    static Target of(Column column, boolean classification) {
        if (classification || column instanceof Column.Text) {
            return new Classes(Labels.of(column));
        }
        return new Values(((Column.Numeric) column).values());
    }

    record Values(double[] values) implements Target {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public Target selectRows(int[] rowIndices) {
            double[] out = new double[rowIndices.length];
            for (int i = 0; i < rowIndices.length; i++) out[i] = values[rowIndices[i]];
            return new Values(out);
        }
    }

    record Classes(Labels labels) implements Target {
        @Override
        public int size() {
            return labels.size();
        }

        @Override
        public Target selectRows(int[] rowIndices) {
            return new Classes(labels.selectRows(rowIndices));
        }
    }
}
