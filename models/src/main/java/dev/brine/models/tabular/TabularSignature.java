package dev.brine.models.tabular;

import dev.brine.core.model.Signature;
import dev.brine.core.model.TensorSpec;
import dev.brine.core.tensor.DType;

import java.util.List;

/** The signatures of tabular models: a {@code (batch, features)} F64 input and one output. */
public final class TabularSignature {

    private TabularSignature() {
    }

    public static Signature regressor(int featureCount, List<String> featureNames, int outputCount) {
        long[] shape = outputCount == 1 ? new long[] {-1} : new long[] {-1, outputCount};
        return of(featureCount, featureNames, new TensorSpec("prediction", DType.F64, shape));
    }

    public static Signature classifier(int featureCount, List<String> featureNames) {
        return of(featureCount, featureNames, new TensorSpec("label", DType.I64, new long[] {-1}));
    }

    public static Signature transformer(int featureCount, List<String> featureNames, int outputWidth) {
        return of(featureCount, featureNames, new TensorSpec("features", DType.F64, new long[] {-1, outputWidth}));
    }

    /** The feature count a saved tabular model's signature declares (its input's second dimension). */
    public static int featureCount(dev.brine.core.model.ModelSnapshot snapshot) {
        List<TensorSpec> inputs = snapshot.signature().inputs();
        if (inputs.size() != 1 || inputs.get(0).shape().length != 2 || inputs.get(0).shape()[1] < 0) {
            throw new dev.brine.core.CorruptModelException("model type " + snapshot.type() + ": the signature must "
                    + "declare one (batch, features) input, found " + inputs);
        }
        return Math.toIntExact(inputs.get(0).shape()[1]);
    }

    private static Signature of(int featureCount, List<String> featureNames, TensorSpec output) {
        return new Signature(List.of(new TensorSpec("input", DType.F64, new long[] {-1, featureCount})),
                List.of(output), featureNames);
    }
}
