package dev.brine.models.tabular;

import dev.brine.core.model.Model;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;

import java.util.List;

/**
 * A fitted model over rows of features: the linear models, trees, ensembles and pipelines. Takes a matrix, a batch
 * tensor or a table whose columns are matched by name when the model knows its feature names.
 */
public interface TabularModel extends Model {

    /** How many features (input columns) the model was fitted on. */
    int featureCount();

    /** The names of those features, or an empty list when it was fitted on an unnamed matrix. */
    List<String> featureNames();

    /** Regressors: F64 {@code (n,)} (or {@code (n, k)} for k outputs); classifiers: I64 class indices. */
    Tensor predict(Matrix input);

    @Override
    default Tensor predict(Tensor input) {
        return predict(Matrix.fromTensor(input));
    }

    default Tensor predict(Table input) {
        return predict(TabularInput.matrix(input, featureNames(), featureCount(), type()));
    }

    /**
     * Whether feature {@code feature} may hold a missing value (NaN, or no text): true where the model imputes, routes
     * or encodes it itself (imputers, encoders, histogram boosting, trees fitted by scikit-learn 1.3 or later), false
     * where it would compute with NaN, which scikit-learn refuses too. Batch prediction refuses a missing value the
     * model does not accept, naming its row and column.
     */
    default boolean acceptsMissing(int feature) {
        return false;
    }

    /**
     * One row this model takes without error, named as its features: a category each encoder knows, 0 for
     * numbers. A server predicts it before serving a model, so a model that cannot predict is found at load time.
     */
    default Table exampleRow() {
        return Table.of(Matrix.zeros(1, featureCount()), featureNames());
    }
}
