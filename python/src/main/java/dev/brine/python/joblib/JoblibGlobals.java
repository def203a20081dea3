package dev.brine.python.joblib;

import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.GlobalHandler;
import dev.brine.python.pickle.PickleContext;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyGlobal;
import dev.brine.python.pickle.PyTuple;
import dev.brine.python.pickle.PyValue;

/** The joblib globals of its single-file format: the array wrapper, whose BUILD reads the inline array. */
public final class JoblibGlobals {

    private JoblibGlobals() {
    }

    public static AllowList allowList() {
        return AllowList.builder()
                .allow("joblib.numpy_pickle", "NumpyArrayWrapper", new GlobalHandler() {
                    @Override
                    public PyValue call(PyGlobal global, PyTuple args, PickleContext context) {
                        throw context.unsupported("joblib NumpyArrayWrapper called with arguments " + args);
                    }

                    @Override
                    public PyValue instantiate(PyGlobal cls, PyTuple args, PyDict kwargs, PickleContext context) {
                        return new ArrayWrapper();
                    }
                })
                .allow("joblib.numpy_pickle", "NDArrayWrapper", JoblibGlobals::legacy)
                .allow("joblib.numpy_pickle", "ZNDArrayWrapper", JoblibGlobals::legacy)
                .build();
    }

    /** joblib 0.9 wrappers point at sidecar files; known, harmless, and not read. */
    private static PyValue legacy(PyGlobal global, PyTuple args, PickleContext context) {
        throw context.unsupported(global.qualifiedName() + " refers to a sidecar array file of joblib 0.9 or"
                + " earlier; load and dump the model again with a current joblib");
    }
}
