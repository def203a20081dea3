package dev.brine.models.tabular;

import dev.brine.models.data.Table;

/** The settings of a preprocessing step; fitting on a table yields the fitted {@link Transformer}. */
public interface TransformerSpec {

    Transformer fit(Table x);
}
