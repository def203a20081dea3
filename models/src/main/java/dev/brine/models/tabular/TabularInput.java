package dev.brine.models.tabular;

import dev.brine.core.IncompatibleModelException;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;

import java.util.List;

/** Turns a table into the feature matrix a fitted model expects: by name when it knows names, else by position. */
public final class TabularInput {

    private TabularInput() {
    }

    public static Matrix matrix(Table input, List<String> featureNames, int featureCount, String modelType) {
        return select(input, featureNames, featureCount, modelType).toMatrix();
    }

    public static Table select(Table input, List<String> featureNames, int featureCount, String modelType) {
        if (!featureNames.isEmpty() && input.names().containsAll(featureNames)) {
            return input.select(featureNames);
        }
        if (input.columnCount() != featureCount) {
            throw new IncompatibleModelException(modelType + " expects " + featureCount + " input columns"
                    + (featureNames.isEmpty() ? "" : " " + featureNames) + ", the input has " + input.columnCount()
                    + " " + input.names());
        }
        return input;
    }
}
