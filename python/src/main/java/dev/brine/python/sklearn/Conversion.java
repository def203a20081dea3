package dev.brine.python.sklearn;

import dev.brine.core.CorruptModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Transformer;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyValue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * One conversion of a file's estimator tree: dispatches every estimator (the root and those nested in pipelines,
 * column transformers and ensembles) to its {@link Converter} by class. Pickles can share and even nest objects in
 * themselves (memo references), so the estimators being converted are tracked and a cycle is refused.
 *
 * @param source the file name, for messages
 * @param active the estimators whose conversion is in progress, by identity
 */
record Conversion(String source, Set<PyValue> active) {

    /** Nesting deeper than this is not a fitted estimator (scikit-learn composites nest a few levels). */
    private static final int MAX_DEPTH = 64;

    Conversion(String source) {
        this(source, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

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
        if (active.size() >= MAX_DEPTH || !active.add(object)) {
            throw new CorruptModelException(place + ": the estimator contains itself or nests more than " + MAX_DEPTH
                    + " levels deep; the file is damaged.");
        }
        try {
            return converter.convert(new Estimator(object, place), this);
        } finally {
            active.remove(object);
        }
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
