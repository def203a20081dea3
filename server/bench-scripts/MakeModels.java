import dev.brine.core.Models;
import dev.brine.core.json.Json;
import dev.brine.core.json.JsonParser;
import dev.brine.core.model.Classifier;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.linear.LogisticClassifier;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.preprocessing.StandardScaler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the benchmark's pipeline from the parameters train_iris.py fitted and saves it as .brine:
 * {@code java -cp CLASSPATH MakeModels.java iris-params.json iris.brine}. Checks it predicts what scikit-learn did.
 * (Once Brine reads scikit-learn pickles, {@code brine convert iris.pkl iris.brine} replaces this.)
 */
public class MakeModels {
    public static void main(String[] args) throws IOException {
        Json.JsonObject params = (Json.JsonObject) JsonParser.parse(Files.readString(Path.of(args[0])));
        List<String> features = params.getArray("features").toStringList();
        StandardScaler scaler = new StandardScaler(doubles(params, "mean"), doubles(params, "scale"), features);
        LogisticClassifier logistic = new LogisticClassifier(new LogisticRegression(), doubles(params, "coef"),
                doubles(params, "intercept"), params.getArray("classes").toStringList(), features, 0);
        Pipeline pipeline = Pipeline.of(List.of(new Pipeline.Step("scaler", scaler),
                new Pipeline.Step("logistic", logistic)));
        double[] probe = ((Classifier) pipeline).predictProba(Tensor.of(new double[] {
                5.1, 3.5, 1.4, 0.2, 4.9, 3.0, 1.4, 0.2, 4.7, 3.2, 1.3, 0.2}, 3, 4)).toDoubleArray();
        double[] expected = doubles(params, "probe");
        for (int i = 0; i < probe.length; i++) {
            if (Math.abs(probe[i] - expected[i]) > 1e-12) {
                throw new IllegalStateException("Brine predicts " + Arrays.toString(probe) + ", scikit-learn "
                        + Arrays.toString(expected));
            }
        }
        Models.save(pipeline, Path.of(args[1]));
    }

    private static double[] doubles(Json.JsonObject params, String key) {
        return params.getArray(key).items().stream().mapToDouble(v -> ((Json.JsonNumber) v).doubleValue())
                .toArray();
    }
}
