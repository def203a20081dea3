import dev.brine.core.Models;
import dev.brine.models.linear.LogisticClassifier;
import dev.brine.models.linear.LogisticRegression;
import dev.brine.models.pipeline.Pipeline;
import dev.brine.models.preprocessing.StandardScaler;

import java.nio.file.Path;
import java.util.List;

/** Writes the benchmark's StandardScaler + LogisticRegression pipeline (iris-shaped: 4 features, 3 classes). */
public class MakeModels {
    public static void main(String[] args) {
        List<String> features = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
        StandardScaler scaler = new StandardScaler(new double[] {5.84, 3.06, 3.76, 1.2},
                new double[] {0.83, 0.43, 1.76, 0.76}, features);
        LogisticClassifier logistic = new LogisticClassifier(new LogisticRegression(),
                new double[] {-1.0, 1.1, -1.8, -1.7, 0.5, -0.3, -0.3, -0.7, 0.5, -0.8, 2.1, 2.4},
                new double[] {-0.2, 2.0, -1.8}, List.of("setosa", "versicolor", "virginica"), features, 0);
        Pipeline pipeline = Pipeline.of(List.of(new Pipeline.Step("scaler", scaler),
                new Pipeline.Step("logistic", logistic)));
        Models.save(pipeline, Path.of(args[0]));
    }
}
