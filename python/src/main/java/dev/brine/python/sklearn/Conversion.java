package dev.brine.python.sklearn;

import dev.brine.core.UnsupportedModelException;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Transformer;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyValue;

/**
 * One conversion of a file's estimator tree: dispatches every estimator (the root and those nested in pipelines,
 * column transformers and ensembles) to its {@link Converter} by class.
 *
 * @param source the file name, for messages
 */
record Conversion(String source) {

    /** The model for the estimator {@code value}; {@code where} says where it sits, e.g. "Pipeline step 'clf'". */
    TabularModel convert(PyValue value, String where) {
        String place = where.isEmpty() ? source : source + ": " + where;
        if (!(value instanceof PyObject object)) {
            throw new UnsupportedModelException(place + ": holds a Python " + value.typeName() + ", not a "
                    + "scikit-learn estimator. Brine reads these estimators: " + Estimators.supportedNames() + ".");
        }
        Converter converter = Estimators.converter(object.type()).orElseThrow(() -> new UnsupportedModelException(
                place + ": " + object.type().qualifiedName() + " is not an estimator Brine converts. Supported: "
                        + Estimators.supportedNames() + "."));
        return converter.convert(new Estimator(object, place), this);
    }

    /** A nested estimator that must transform (a pipeline step before the last, a column transformer part). */
    Transformer transformer(PyValue value, String where) {
        TabularModel model = convert(value, where);
        if (!(model instanceof Transformer transformer)) {
            throw new UnsupportedModelException(source + ": " + where + " is a " + model.type()
                    + ", but only transformers can sit there.");
        }
        return transformer;
    }
}
