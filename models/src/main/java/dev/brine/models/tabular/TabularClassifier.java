package dev.brine.models.tabular;

import dev.brine.core.model.Classifier;
import dev.brine.core.model.Signature;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;

/** A tabular model that predicts one of {@link #classLabels()}; {@code predict} is the most probable class. */
public interface TabularClassifier extends TabularModel, Classifier {

    /** F64 rows of {@link #featureCount()} columns in, class indices (I64) out. */
    @Override
    default Signature signature() {
        return TabularSignature.classifier(featureCount(), featureNames());
    }

    /** Class probabilities {@code (n, classes)}. */
    Matrix predictProba(Matrix input);

    @Override
    default Tensor predictProba(Tensor input) {
        return predictProba(Matrix.fromTensor(input)).toTensor();
    }

    default Tensor predictProba(Table input) {
        return predictProba(TabularInput.matrix(input, featureNames(), featureCount(), type())).toTensor();
    }

    @Override
    default Tensor predict(Matrix input) {
        return Tensor.of(Probabilities.argmaxRows(predictProba(input)));
    }
}
