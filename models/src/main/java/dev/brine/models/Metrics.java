package dev.brine.models;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.model.Classifier;
import dev.brine.core.json.Json;
import dev.brine.models.data.Column;
import dev.brine.models.data.Table;
import dev.brine.models.tabular.TabularModel;

import java.util.List;

/**
 * How well a fitted model does on a table with the target column, as {@code brine train} prints at the end:
 * accuracy for classifiers (labels compared as text), R², RMSE and MAE for regressors.
 */
public final class Metrics {

    private Metrics() {
    }

    public static Json.JsonObject evaluate(TabularModel model, Table table, String target) {
        Table features = table.without(target);
        Column truth = table.column(target);
        if (model instanceof Classifier classifier) {
            long[] predicted = model.predict(features).toLongArray();
            List<String> labels = classifier.classLabels();
            String[] expected = asText(truth);
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                if (labels.get((int) predicted[i]).equals(expected[i])) correct++;
            }
            return Json.object().put("rows", predicted.length).put("accuracy", (double) correct / predicted.length)
                    .build();
        }
        if (!(truth instanceof Column.Numeric numeric)) {
            throw new IncompatibleModelException("target column \"" + target + "\" holds text; a regressor needs numbers");
        }
        double[] predicted = model.predict(features).toDoubleArray();
        double[] y = numeric.values();
        double mean = 0;
        for (double v : y) mean += v;
        mean /= y.length;
        double squared = 0;
        double absolute = 0;
        double spread = 0;
        for (int i = 0; i < y.length; i++) {
            double error = y[i] - predicted[i];
            squared += error * error;
            absolute += Math.abs(error);
            spread += (y[i] - mean) * (y[i] - mean);
        }
        Json.ObjectBuilder out = Json.object().put("rows", y.length).put("rmse", Math.sqrt(squared / y.length))
                .put("mae", absolute / y.length);
        if (spread > 0) out.put("r2", 1 - squared / spread);
        return out.build();
    }

    /** Labels as text the way {@code Labels} names them, so numeric class columns compare too. */
    private static String[] asText(Column column) {
        return switch (column) {
            case Column.Text text -> text.values();
            case Column.Numeric numeric -> {
                String[] out = new String[numeric.values().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = dev.brine.models.data.Labels.ofNumbers(column.name(), new double[] {numeric.values()[i]})
                            .classes().getFirst();
                }
                yield out;
            }
        };
    }
}
