package dev.brine.models.tabular;

import dev.brine.core.model.Signature;

/** A tabular model that predicts one number per row (F64 {@code (n,)}). */
public interface TabularRegressor extends TabularModel {

    /** F64 rows of {@link #featureCount()} columns in, one F64 value per row out. */
    @Override
    default Signature signature() {
        return TabularSignature.regressor(featureCount(), featureNames(), 1);
    }
}
