package dev.brine.models.tree;

import dev.brine.core.json.Json;

/**
 * How one tree grows (scikit-learn's names): impurity criterion, maximum depth (0: unlimited), minimum samples to
 * split a node and to keep in a leaf, features per split, and whether thresholds are drawn at random (extra trees)
 * instead of searched.
 */
public record TreeParams(Criterion criterion, int maxDepth, int minSamplesSplit, int minSamplesLeaf,
                         MaxFeatures maxFeatures, boolean randomThresholds) {

    public TreeParams {
        if (maxDepth < 0 || minSamplesSplit < 2 || minSamplesLeaf < 1) {
            throw new IllegalArgumentException("need max_depth >= 0 (0: unlimited), min_samples_split >= 2, "
                    + "min_samples_leaf >= 1; got " + maxDepth + ", " + minSamplesSplit + ", " + minSamplesLeaf);
        }
    }

    /** scikit-learn's tree defaults for a criterion: unlimited depth, split from 2 samples, leaves of 1, all features. */
    public static TreeParams defaults(Criterion criterion) {
        return new TreeParams(criterion, 0, 2, 1, new MaxFeatures.All(), false);
    }

    public TreeParams withMaxDepth(int value) {
        return new TreeParams(criterion, value, minSamplesSplit, minSamplesLeaf, maxFeatures, randomThresholds);
    }

    public TreeParams withMinSamplesSplit(int value) {
        return new TreeParams(criterion, maxDepth, value, minSamplesLeaf, maxFeatures, randomThresholds);
    }

    public TreeParams withMinSamplesLeaf(int value) {
        return new TreeParams(criterion, maxDepth, minSamplesSplit, value, maxFeatures, randomThresholds);
    }

    public TreeParams withMaxFeatures(MaxFeatures value) {
        return new TreeParams(criterion, maxDepth, minSamplesSplit, minSamplesLeaf, value, randomThresholds);
    }

    public TreeParams withCriterion(Criterion value) {
        return new TreeParams(value, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, randomThresholds);
    }

    public TreeParams withRandomThresholds(boolean value) {
        return new TreeParams(criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, value);
    }

    public Json.JsonObject toJson() {
        return Json.object()
                .put("criterion", criterion.jsonName())
                .put("max_depth", maxDepth == 0 ? Json.JsonNull.NULL : Json.of(maxDepth))
                .put("min_samples_split", minSamplesSplit)
                .put("min_samples_leaf", minSamplesLeaf)
                .put("max_features", maxFeatures.toJson())
                .put("splitter", randomThresholds ? "random" : "best")
                .build();
    }

    public static TreeParams fromJson(Json.JsonObject json) {
        Json depth = json.get("max_depth");
        String splitter = json.getString("splitter");
        if (!splitter.equals("best") && !splitter.equals("random")) {
            throw new IllegalArgumentException("splitter must be \"best\" or \"random\", got \"" + splitter + "\"");
        }
        return new TreeParams(Criterion.fromName(json.getString("criterion")),
                depth instanceof Json.JsonNull ? 0 : Math.toIntExact(((Json.JsonNumber) depth).longValue()),
                Math.toIntExact(json.getLong("min_samples_split")), Math.toIntExact(json.getLong("min_samples_leaf")),
                MaxFeatures.fromJson(json.get("max_features")), splitter.equals("random"));
    }
}
