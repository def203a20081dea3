package dev.brine.server;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.model.Classifier;
import dev.brine.core.model.Model;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Table;
import dev.brine.models.tabular.TabularClassifier;
import dev.brine.models.tabular.TabularModel;

import java.util.List;

/**
 * What a loaded model must pass before it takes traffic: it can predict (not bare weights), it takes one input
 * tensor, and a one-row probe predicts one row (and, for a classifier, one row of probabilities per class). The
 * probe of a tabular model is its {@linkplain TabularModel#exampleRow() example row} (a category each encoder
 * knows, numbers elsewhere); of other models, zeros shaped by the signature. This catches weights that do not fit their architecture before a client does.
 */
final class ModelCheck {
    private ModelCheck() {
    }

    static void check(Model model, String where) {
        if (model instanceof StateDict) {
            throw new UnsupportedModelException(where + " holds weights without an architecture, which cannot"
                    + " predict; convert it with --arch to a .brine model first.");
        }
        List<TensorSpec> inputs = model.signature().inputs();
        if (inputs.size() > 1) {
            throw new UnsupportedModelException(where + ": the model takes " + inputs.size() + " inputs "
                    + inputs + "; the server feeds one input tensor.");
        }
        if (inputs.isEmpty()) {
            return;
        }
        probe(model, inputs.getFirst(), where);
    }

    private static void probe(Model model, TensorSpec input, String where) {
        if (model instanceof TabularModel tabular) {
            // A row of known categories and numbers: zeros are no category of a text column's encoder.
            Table example = tabular.exampleRow();
            checkRows(tabular.predict(example), where);
            if (tabular instanceof TabularClassifier classifier) {
                checkProbabilities(classifier, classifier.predictProba(example), where);
            }
            return;
        }
        long[] dims = input.shape();
        if (dims.length == 0) {
            return;
        }
        dims[0] = 1;
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] < 0) {
                return;
            }
        }
        Tensor zeros = Tensor.zeros(input.dtype(), dims);
        checkRows(model.predict(zeros), where);
        if (model instanceof Classifier classifier) {
            checkProbabilities(classifier, classifier.predictProba(zeros), where);
        }
    }

    private static void checkRows(Tensor output, String where) {
        if (output.rank() == 0 || output.shape().dim(0) != 1) {
            throw new IncompatibleModelException(where + ": a one-row probe predicted shape " + output.shape()
                    + "; the model must return one row per input row.");
        }
    }

    private static void checkProbabilities(Classifier classifier, Tensor proba, String where) {
        int classes = classifier.classLabels().size();
        if (proba.rank() != 2 || proba.shape().dim(0) != 1 || proba.shape().dim(1) != classes) {
            throw new IncompatibleModelException(where + ": a one-row probe predicted probabilities of shape "
                    + proba.shape() + " for " + classes + " class labels; expected (1, " + classes + ").");
        }
    }
}
