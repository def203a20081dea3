import dev.brine.core.Models;
import dev.brine.models.Trainers;
import dev.brine.models.data.CsvTable;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Trains Brine's 100-tree random forest on the iris rows train_forest.py wrote, with scikit-learn's defaults (no
 * depth limit, √features per split, bootstrap), and saves it: {@code java -cp CLASSPATH MakeForest.java iris.csv
 * forest.brine}. Same data and settings as forest.pkl, not the same trees: until Brine reads scikit-learn forests
 * ({@code brine convert forest.pkl forest.brine}), the two servers serve equivalent, not identical, forests.
 */
public class MakeForest {
    public static void main(String[] args) {
        var model = Trainers.train("forest", CsvTable.read(Path.of(args[0])), "species",
                Map.of("n_estimators", "100"), Optional.empty(), 0);
        Models.save(model, Path.of(args[1]));
    }
}
