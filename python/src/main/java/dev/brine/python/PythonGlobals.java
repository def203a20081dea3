package dev.brine.python;

import dev.brine.python.joblib.JoblibGlobals;
import dev.brine.python.numpy.NumpyGlobals;
import dev.brine.python.pickle.AllowList;
import dev.brine.python.pickle.Builtins;
import dev.brine.python.sklearn.SklearnGlobals;
import dev.brine.python.torch.TorchGlobals;

/**
 * The allow-list every Python reader of Brine starts from: safe built-ins, numpy, joblib, torch and the
 * scikit-learn estimators Brine converts (with the internal types they pickle). Readers of more libraries extend it
 * in code with {@link AllowList#toBuilder()}.
 */
public final class PythonGlobals {

    private static final AllowList DEFAULTS = Builtins.allowList().toBuilder()
            .allowAll(NumpyGlobals.allowList())
            .allowAll(JoblibGlobals.allowList())
            .allowAll(TorchGlobals.allowList())
            .allowAll(SklearnGlobals.allowList())
            .build();

    private PythonGlobals() {
    }

    public static AllowList defaults() {
        return DEFAULTS;
    }
}
