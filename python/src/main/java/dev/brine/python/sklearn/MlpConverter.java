package dev.brine.python.sklearn;

import dev.brine.models.data.Matrix;
import dev.brine.models.mlp.MultilayerPerceptron;
import dev.brine.models.mlp.MultilayerPerceptron.Activation;
import dev.brine.models.tabular.TabularModel;
import dev.brine.python.numpy.NdArray;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MLPClassifier / MLPRegressor: {@code coefs_} and {@code intercepts_} per layer, the hidden {@code activation} and
 * {@code out_activation_}, predicted in float64 as scikit-learn does. Multi-label classifiers (several logistic
 * outputs) are refused.
 */
final class MlpConverter {

    private MlpConverter() {
    }

    static TabularModel classifier(Estimator estimator, Conversion conversion) {
        List<String> classes = estimator.classLabels();
        if (estimator.get("_label_binarizer").orElse(null) instanceof PyObject binarizer
                && new Estimator(binarizer, estimator.where()).string("y_type_", "binary").equals("multilabel-indicator")) {
            throw estimator.unsupported("is a multi-label classifier; Brine reads binary and multi-class ones");
        }
        return MultilayerPerceptron.classifier(layers(estimator), activation(estimator, "activation"),
                activation(estimator, "out_activation_"), classes, estimator.featureNames());
    }

    static TabularModel regressor(Estimator estimator, Conversion conversion) {
        if (activation(estimator, "out_activation_") != Activation.IDENTITY) {
            throw estimator.incompatible("has output activation " + estimator.string("out_activation_"));
        }
        return MultilayerPerceptron.regressor(layers(estimator), activation(estimator, "activation"),
                estimator.featureNames());
    }

    private static List<MultilayerPerceptron.Layer> layers(Estimator estimator) {
        List<PyValue> coefs = estimator.items("coefs_");
        List<PyValue> intercepts = estimator.items("intercepts_");
        if (coefs.size() != intercepts.size() || coefs.isEmpty()) {
            throw estimator.incompatible("has " + coefs.size() + " weight matrices and " + intercepts.size()
                    + " bias vectors");
        }
        List<MultilayerPerceptron.Layer> layers = new ArrayList<>();
        for (int i = 0; i < coefs.size(); i++) {
            if (!(coefs.get(i) instanceof NdArray weights) || weights.shape().length != 2
                    || !(intercepts.get(i) instanceof NdArray bias)) {
                throw estimator.mistyped("coefs_", "lists of 2-D weight and 1-D bias arrays");
            }
            long[] shape = weights.shape();
            layers.add(new MultilayerPerceptron.Layer(new Matrix(Math.toIntExact(shape[0]), Math.toIntExact(shape[1]),
                    weights.toTensor().toDoubleArray()), bias.toTensor().toDoubleArray()));
        }
        return layers;
    }

    private static Activation activation(Estimator estimator, String attribute) {
        String name = estimator.string(attribute);
        return switch (name) {
            case "identity", "logistic", "tanh", "relu", "softmax" -> Activation.valueOf(name.toUpperCase(Locale.ROOT));
            default -> throw estimator.unsupported("has activation '" + name + "'");
        };
    }
}
