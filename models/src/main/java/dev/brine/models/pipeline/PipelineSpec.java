package dev.brine.models.pipeline;

import dev.brine.models.data.Matrix;
import dev.brine.models.data.Table;
import dev.brine.models.tabular.EstimatorSpec;
import dev.brine.models.tabular.TabularModel;
import dev.brine.models.tabular.Target;
import dev.brine.models.tabular.Transformer;
import dev.brine.models.tabular.TransformerSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * How to fit a {@link Pipeline}: named transformer specs, then optionally a final estimator. Each transformer is
 * fitted on the output of the ones before it, then the estimator on the output of all of them.
 * <pre>{@code
 * Pipeline model = PipelineSpec.start().then("scaler", StandardScaler::fit)
 *         .last("logistic", new LogisticRegression()).fit(table, target);
 * }</pre>
 */
public record PipelineSpec(List<NamedTransformer> transformers, String estimatorName, EstimatorSpec estimator)
        implements EstimatorSpec, TransformerSpec {

    public record NamedTransformer(String name, TransformerSpec spec) {
    }

    public PipelineSpec {
        transformers = List.copyOf(transformers);
    }

    public static PipelineSpec start() {
        return new PipelineSpec(List.of(), null, null);
    }

    public PipelineSpec then(String name, TransformerSpec spec) {
        if (estimator != null) {
            throw new IllegalStateException("the estimator is the last step; add transformers before it");
        }
        List<NamedTransformer> more = new ArrayList<>(transformers);
        more.add(new NamedTransformer(name, spec));
        return new PipelineSpec(more, null, null);
    }

    public PipelineSpec last(String name, EstimatorSpec spec) {
        return new PipelineSpec(transformers, name, spec);
    }

    /** Fits a pipeline of transformers only. */
    @Override
    public Transformer fit(Table x) {
        if (estimator != null) {
            throw new IllegalStateException("this pipeline ends in an estimator; fit it with a target");
        }
        return (Transformer) Pipeline.of(fitTransformers(x, new ArrayList<>()).steps());
    }

    @Override
    public Pipeline fit(Table x, Target y) {
        List<Pipeline.Step> steps = new ArrayList<>();
        Fitted fitted = fitTransformers(x, steps);
        TabularModel last = fitted.output() == null ? estimator.fit(x, y) : estimator.fit(fitted.output(), y, List.of());
        steps.add(new Pipeline.Step(estimatorName, last));
        return Pipeline.of(steps);
    }

    @Override
    public Pipeline fit(Matrix x, Target y, List<String> featureNames) {
        return fit(Table.of(x, featureNames), y);
    }

    private record Fitted(List<Pipeline.Step> steps, Matrix output) {
    }

    private Fitted fitTransformers(Table x, List<Pipeline.Step> steps) {
        Matrix current = null;
        for (NamedTransformer named : transformers) {
            Transformer step = named.spec().fit(current == null ? x : Table.of(current, List.of()));
            current = current == null ? step.transform(x) : step.transform(current);
            steps.add(new Pipeline.Step(named.name(), step));
        }
        return new Fitted(steps, current);
    }
}
