package dev.brine.onnx.export;

import java.util.List;

/** What exporting one model (or pipeline step) added to the graph: the value(s) it produces. */
sealed interface Exported {

    /** A transformer's output: DOUBLE {@code (N, width)}. */
    record Features(String value, long width) implements Exported {
    }

    /** A regressor's output: {@code (N,)} or {@code (N, outputs)}, of {@code elemType}. */
    record Prediction(String value, int elemType, long outputs) implements Exported {
    }

    /** A classifier's outputs as sklearn-onnx writes them: STRING labels and FLOAT probabilities per class. */
    record Classes(String label, String probabilities, List<String> labels) implements Exported {
    }
}
