package dev.brine.models.linear;

import dev.brine.models.snapshot.NamedModelType;

/** The ServiceLoader entries of the linear models (META-INF/services/dev.brine.core.model.ModelType). */
public final class LinearTypes {

    private LinearTypes() {
    }

    public static final class LinearRegressionType extends NamedModelType {
        public LinearRegressionType() {
            super(LinearRegression.TYPE, LinearRegressor::restore);
        }
    }

    public static final class RidgeType extends NamedModelType {
        public RidgeType() {
            super(Ridge.TYPE, LinearRegressor::restore);
        }
    }

    public static final class LassoType extends NamedModelType {
        public LassoType() {
            super(Lasso.TYPE, LinearRegressor::restore);
        }
    }

    public static final class ElasticNetType extends NamedModelType {
        public ElasticNetType() {
            super(ElasticNet.TYPE, LinearRegressor::restore);
        }
    }

    public static final class LogisticRegressionType extends NamedModelType {
        public LogisticRegressionType() {
            super(LogisticRegression.TYPE, LogisticClassifier::restore);
        }
    }
}
