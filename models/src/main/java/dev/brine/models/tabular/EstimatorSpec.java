package dev.brine.models.tabular;

import dev.brine.core.IncompatibleModelException;
import dev.brine.models.data.Labels;
import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;

import java.util.List;

/** The hyper-parameters of a supervised tabular model; fitting yields the immutable fitted model. */
public interface EstimatorSpec {

    TabularModel fit(Matrix x, Target y, List<String> featureNames);

    /** Fits on a table's columns, remembering their names; composites that encode text columns override this. */
    default TabularModel fit(Table x, Target y) {
        return fit(x.toMatrix(), y, x.names());
    }

    /** The numbers of a regression target; a class target is a usage error that says which model wanted numbers. */
    static double[] values(Target y, String model) {
        if (y instanceof Target.Values values) {
            return values.values();
        }
        throw new IncompatibleModelException(model + " is a regressor and needs a numeric target; use a classifier "
                + "for class labels");
    }

    static Labels classes(Target y, String model) {
        return switch (y) {
            case Target.Classes classes -> classes.labels();
            case Target.Values values -> Labels.ofNumbers("target", values.values());
        };
    }
}
