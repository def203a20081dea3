package dev.brine.models.tree;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entries of the tree models (META-INF/services/dev.brine.core.model.ModelType). */
public final class TreeTypes {

    private TreeTypes() {
    }

    public static final class DecisionTreeClassifierType extends NamedModelType {
        public DecisionTreeClassifierType() {
            super("decision_tree_classifier", Forest::restore);
        }
    }

    public static final class DecisionTreeRegressorType extends NamedModelType {
        public DecisionTreeRegressorType() {
            super("decision_tree_regressor", Forest::restore);
        }
    }

    public static final class RandomForestClassifierType extends NamedModelType {
        public RandomForestClassifierType() {
            super("random_forest_classifier", Forest::restore);
        }
    }

    public static final class RandomForestRegressorType extends NamedModelType {
        public RandomForestRegressorType() {
            super("random_forest_regressor", Forest::restore);
        }
    }

    public static final class ExtraTreesClassifierType extends NamedModelType {
        public ExtraTreesClassifierType() {
            super("extra_trees_classifier", Forest::restore);
        }
    }

    public static final class ExtraTreesRegressorType extends NamedModelType {
        public ExtraTreesRegressorType() {
            super("extra_trees_regressor", Forest::restore);
        }
    }

    public static final class GradientBoostingRegressorType extends NamedModelType {
        public GradientBoostingRegressorType() {
            super(BoostingSpec.REGRESSOR, Boosting::restore);
        }
    }

    public static final class GradientBoostingClassifierType extends NamedModelType {
        public GradientBoostingClassifierType() {
            super(BoostingSpec.CLASSIFIER, Boosting::restore);
        }
    }
}
