package dev.brine.models.nn;

/** What a network is trained to output: a float matrix of values, or one class index per row. */
public sealed interface Targets permits Targets.Values, Targets.Classes {

    int rows();

    Targets selectRows(int[] order, int from, int to);

    record Values(FloatMatrix values) implements Targets {
        @Override
        public int rows() {
            return values.rows();
        }

        @Override
        public Targets selectRows(int[] order, int from, int to) {
            return new Values(values.selectRows(order, from, to));
        }
    }

    record Classes(int[] indices) implements Targets {
        @Override
        public int rows() {
            return indices.length;
        }

        @Override
        public Targets selectRows(int[] order, int from, int to) {
            int[] out = new int[to - from];
            for (int i = from; i < to; i++) out[i - from] = indices[order[i]];
            return new Classes(out);
        }
    }
}
