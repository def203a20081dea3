package dev.brine.models.pipeline;

import dev.brine.models.data.Table;
import dev.brine.models.preprocessing.Passthrough;
import dev.brine.models.tabular.TransformerSpec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How to fit a {@link ColumnTransformer}: named parts, each a transformer spec and the columns it reads, and what to
 * do with the columns no part reads ({@code passthroughRemainder}: keep them, appended last; else drop them, as
 * scikit-learn's default {@code remainder="drop"}).
 */
public record ColumnTransformerSpec(List<PartSpec> parts, boolean passthroughRemainder) implements TransformerSpec {

    public record PartSpec(String name, TransformerSpec spec, List<String> columns) {
        public PartSpec {
            columns = List.copyOf(columns);
        }
    }

    public ColumnTransformerSpec {
        parts = List.copyOf(parts);
    }

    public static ColumnTransformerSpec of(PartSpec... parts) {
        return new ColumnTransformerSpec(List.of(parts), false);
    }

    public ColumnTransformerSpec withRemainderPassthrough() {
        return new ColumnTransformerSpec(parts, true);
    }

    @Override
    public ColumnTransformer fit(Table x) {
        List<ColumnTransformer.Part> fitted = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (PartSpec part : parts) {
            fitted.add(new ColumnTransformer.Part(part.name(), part.spec().fit(x.select(part.columns())),
                    part.columns()));
            used.addAll(part.columns());
        }
        List<String> remainder = x.names().stream().filter(name -> !used.contains(name)).toList();
        if (passthroughRemainder && !remainder.isEmpty()) {
            fitted.add(new ColumnTransformer.Part("remainder", Passthrough.SPEC.fit(x.select(remainder)), remainder));
        }
        return new ColumnTransformer(fitted, x.names());
    }
}
