package dev.brine.models.linear;

/**
 * Truncated Newton (Newton–CG) for a smooth convex objective: each step solves {@code H·s = −g} by conjugate
 * gradients with Hessian–vector products only (so memory stays linear in the parameter count), to a tolerance that
 * tightens as the gradient shrinks (forcing term {@code min(0.5, √‖g‖)}: superlinear, then quadratic, convergence),
 * then backtracks along {@code s} until the Armijo condition holds. The same method as scikit-learn's
 * {@code newton-cg} solver.
 */
final class NewtonCg {

    record Result(double[] theta, int iterations, boolean converged) {
    }

    private NewtonCg() {
    }

    static Result minimize(LogisticObjective objective, int maxIter, double tol) {
        return minimize(objective, new double[objective.dimension()], maxIter, tol);
    }

    /** Minimises from {@code start} (a warm start: the optimum before new rows arrived). */
    static Result minimize(LogisticObjective objective, double[] start, int maxIter, double tol) {
        int n = objective.dimension();
        double[] theta = start.clone();
        double[] gradient = new double[n];
        double value = objective.valueAndGradient(theta, gradient);
        for (int iteration = 0; iteration < maxIter; iteration++) {
            double gradientMax = maxAbs(gradient);
            if (gradientMax <= tol) {
                return new Result(theta, iteration, true);
            }
            double[] step = conjugateGradient(objective, gradient);
            double slope = dot(gradient, step);
            if (slope >= 0) {
                // CG stopped before finding a descent direction (rounding at the optimum): take steepest descent.
                for (int i = 0; i < n; i++) step[i] = -gradient[i];
                slope = -dot(gradient, gradient);
            }
            double[] candidate = new double[n];
            double[] candidateGradient = new double[n];
            double stepSize = 1.0;
            double candidateValue = Double.NaN;
            boolean decreased = false;
            for (int halving = 0; halving < 60; halving++) {
                for (int i = 0; i < n; i++) candidate[i] = theta[i] + stepSize * step[i];
                candidateValue = objective.valueAndGradient(candidate, candidateGradient);
                if (candidateValue <= value + 1e-4 * stepSize * slope) {
                    decreased = true;
                    break;
                }
                stepSize *= 0.5;
            }
            if (!decreased) {
                // No representable decrease left: the objective is at its floating-point floor.
                objective.valueAndGradient(theta, gradient);
                return new Result(theta, iteration, maxAbs(gradient) <= Math.sqrt(tol));
            }
            theta = candidate;
            gradient = candidateGradient;
            value = candidateValue;
        }
        return new Result(theta, maxIter, maxAbs(gradient) <= tol);
    }

    private static double[] conjugateGradient(LogisticObjective objective, double[] gradient) {
        int n = gradient.length;
        double[] step = new double[n];
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) residual[i] = -gradient[i];
        double[] direction = residual.clone();
        double[] product = new double[n];
        double residualNorm2 = dot(residual, residual);
        double gradientNorm = Math.sqrt(residualNorm2);
        double target = Math.min(0.5, Math.sqrt(gradientNorm)) * gradientNorm;
        for (int iteration = 0; iteration < Math.max(2 * n, 20); iteration++) {
            if (Math.sqrt(residualNorm2) <= target) break;
            objective.hessianTimes(direction, product);
            double curvature = dot(direction, product);
            if (curvature <= 0) break;
            double alpha = residualNorm2 / curvature;
            for (int i = 0; i < n; i++) {
                step[i] += alpha * direction[i];
                residual[i] -= alpha * product[i];
            }
            double next = dot(residual, residual);
            double beta = next / residualNorm2;
            residualNorm2 = next;
            for (int i = 0; i < n; i++) direction[i] = residual[i] + beta * direction[i];
        }
        return step;
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) max = Math.max(max, Math.abs(v));
        return max;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }
}
