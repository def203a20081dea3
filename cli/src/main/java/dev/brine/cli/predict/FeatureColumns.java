package dev.brine.cli.predict;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.model.Model;
import dev.brine.core.model.TensorSpec;
import dev.brine.models.data.Column;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Table;
import dev.brine.models.tabular.TabularModel;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The columns a model that takes rows reads: their names (empty when the model was fitted without names), how many,
 * what each holds, and whether each may be missing. Matches a file's columns to them: by name, or by position when
 * asked; never by a guess.
 *
 * @param model          how messages name the model
 * @param names          feature names in the model's order, or empty
 * @param count          how many features
 * @param kinds          what each feature holds
 * @param acceptsMissing whether each feature may be missing (the model imputes, routes or encodes it)
 */
public record FeatureColumns(String model, List<String> names, int count, List<Kind> kinds,
                             List<Boolean> acceptsMissing) {

    /** What a feature's cells must be. */
    public enum Kind {
        /** Numbers; other text is an error naming the cell. */
        NUMBER,
        /** Text, as is: categories an encoder fitted on text reads (a number like {@code 02134} stays text). */
        TEXT
    }

    public FeatureColumns {
        names = List.copyOf(names);
        kinds = List.copyOf(kinds);
        acceptsMissing = List.copyOf(acceptsMissing);
    }

    /** The columns of a model that takes rows: a tabular model, or one (batch, features) input; else empty. */
    public static Optional<FeatureColumns> of(Model model, String label) {
        if (model instanceof TabularModel tabular) {
            int count = tabular.featureCount();
            // The model's own example row says which columns it reads as text (encoders fitted on text).
            Table example = tabular.exampleRow();
            List<Kind> kinds = new ArrayList<>(count);
            List<Boolean> missing = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                kinds.add(example.column(j) instanceof Column.Text ? Kind.TEXT : Kind.NUMBER);
                missing.add(tabular.acceptsMissing(j));
            }
            return Optional.of(new FeatureColumns(label, tabular.featureNames(), count, kinds, missing));
        }
        List<TensorSpec> inputs = model.signature().inputs();
        if (inputs.size() == 1 && inputs.getFirst().shape().length == 2 && inputs.getFirst().shape()[1] > 0
                && inputs.getFirst().dtype().kind() != dev.brine.core.tensor.DType.Kind.BOOL) {
            int count = Math.toIntExact(inputs.getFirst().shape()[1]);
            List<String> names = model.signature().featureNames().size() == count
                    ? model.signature().featureNames() : List.of();
            return Optional.of(new FeatureColumns(label, names, count, java.util.Collections.nCopies(count,
                    Kind.NUMBER), java.util.Collections.nCopies(count, false)));
        }
        return Optional.empty();
    }

    /** The name a message gives feature {@code j}. */
    public String name(int j) {
        return names.isEmpty() ? "#" + (j + 1) : names.get(j);
    }

    /**
     * For each feature, the index of the header column that feeds it, matched by name; {@code kept} columns go to
     * the output and are not features. A model fitted without names takes the other columns in file order (said on
     * {@code notes}). Missing, unknown and repeated columns are errors naming them, as is a header that is data.
     */
    public int[] matchHeader(List<String> header, long headerLine, List<String> kept, String source,
                             PrintWriter notes) {
        if (header.stream().allMatch(cell -> !Double.isNaN(CsvTable.parseNumber(cell.strip())))) {
            throw new IncompatibleModelException(source + " line " + headerLine + ": the first row " + preview(header)
                    + " looks like data, not column names. Add a header row naming the columns"
                    + (names.isEmpty() ? "" : " " + names) + ", or pass --by-position if the columns are in the"
                    + " model's order and the file has no header.");
        }
        Map<String, Integer> position = new HashMap<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (int i = 0; i < header.size(); i++) {
            if (position.putIfAbsent(header.get(i), i) != null) {
                repeated.add(header.get(i));
            }
        }
        if (!repeated.isEmpty()) {
            throw new IncompatibleModelException(source + ": the header names " + repeated + " more than once; each"
                    + " column needs its own name.");
        }
        List<String> absentKept = kept.stream().filter(name -> !position.containsKey(name)).toList();
        if (!absentKept.isEmpty()) {
            throw new IncompatibleModelException(source + ": --keep names " + absentKept + ", which the header "
                    + header + " does not have.");
        }
        if (names.isEmpty()) {
            return inFileOrder(header, kept, source, notes);
        }
        List<String> missing = names.stream().filter(name -> !position.containsKey(name)).toList();
        List<String> unknown = header.stream().filter(name -> !names.contains(name) && !kept.contains(name)).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            StringBuilder message = new StringBuilder(source + ": the columns do not match " + model + "'s features "
                    + names + ".");
            if (!missing.isEmpty()) {
                message.append(" Missing: ").append(missing).append('.');
            }
            if (!unknown.isEmpty()) {
                message.append(" Not features of the model: ").append(unknown)
                        .append(" (pass --keep NAME to copy a column such as an id to the output).");
            }
            throw new IncompatibleModelException(message.toString());
        }
        int[] order = new int[count];
        for (int j = 0; j < count; j++) {
            order[j] = position.get(names.get(j));
        }
        return order;
    }

    private int[] inFileOrder(List<String> header, List<String> kept, String source, PrintWriter notes) {
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!kept.contains(header.get(i))) {
                columns.add(i);
            }
        }
        if (columns.size() != count) {
            throw new IncompatibleModelException(source + ": " + columns.size() + " feature columns "
                    + columns.stream().map(header::get).toList() + ", but " + model + " takes " + count
                    + " (it was fitted without feature names, so they are taken in file order).");
        }
        notes.println("note: " + model + " records no feature names; the columns "
                + columns.stream().map(header::get).toList() + " are taken in file order.");
        return columns.stream().mapToInt(Integer::intValue).toArray();
    }

    /** For {@code --by-position}: the first {@code width} columns in order, after checking the width. */
    public int[] matchPositions(int width, long line, String source) {
        if (width != count) {
            throw new IncompatibleModelException(source + " line " + line + ": " + width + " columns, but " + model
                    + " takes " + count + (names.isEmpty() ? "" : " " + names) + " (--by-position: the columns"
                    + " are the model's features in its order).");
        }
        int[] order = new int[count];
        for (int j = 0; j < count; j++) {
            order[j] = j;
        }
        return order;
    }

    private static String preview(List<String> cells) {
        List<String> shown = cells.size() > 6 ? cells.subList(0, 6) : cells;
        return "\"" + String.join(",", shown) + (cells.size() > 6 ? ",…" : "") + "\"";
    }
}
