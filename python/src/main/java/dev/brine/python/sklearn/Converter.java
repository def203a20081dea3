package dev.brine.python.sklearn;

import dev.brine.models.tabular.TabularModel;

/** Turns one fitted scikit-learn estimator into the Brine model that predicts as it does. */
@FunctionalInterface
interface Converter {

    TabularModel convert(Estimator estimator, Conversion conversion);
}
