package dev.brine.models.tabular;

import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;

/**
 * A fitted model that trains further on new rows without the old ones (scikit-learn's {@code partial_fit}), so a
 * model saved yesterday can learn from today's data. How close the result comes to one fit on all rows depends on
 * the model and is documented on each {@code partialFit}: exact for least squares and ridge, the same optimum for
 * lasso and elastic net, a second-order summary for logistic regression, more epochs for networks. The result keeps
 * what it needs to continue again; save it with {@code Lineage.continuedFrom(parent)} to record where it came from.
 */
public interface IncrementalModel extends TabularModel {

    /** This model trained further on {@code x, y}; this model is left as it is. */
    TabularModel partialFit(Matrix x, Target y);

    /** The same, with the table's columns matched to the model's features as {@link #predict(Table)} does. */
    default TabularModel partialFit(Table rows, Target y) {
        return partialFit(TabularInput.matrix(rows, featureNames(), featureCount(), type()), y);
    }
}
