package com.custseg.value;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximum-likelihood estimation of strictly positive parameters: BOBYQA (Commons Math) on the log-parameters, then
 * standard errors from the observed information matrix (minus the Hessian of the log-likelihood at the estimate, by
 * central differences on the natural parameters), inverted with an LU decomposition.
 */
final class MaximumLikelihood {
  /** Log-parameters are kept within ±this (a parameter between 6e-6 and 160 000). */
  static final double LOG_BOUND = 12;
  /** Relative step of the numerical Hessian. */
  private static final double HESSIAN_STEP = 1e-4;

  /**
   * @param estimates parameters at the maximum
   * @param standardErrors square roots of the diagonal of the inverse observed information; NaN when that matrix
   *     is not positive definite (the maximum is flat or on the boundary)
   * @param converged the optimiser stopped on its tolerance, within the evaluation budget and inside the bounds
   * @param evaluations log-likelihood evaluations, including those of the Hessian
   */
  record Estimate(double[] estimates, double[] standardErrors, double logLikelihood, boolean converged,
      int evaluations) {}

  /**
   * @param logLikelihood the log-likelihood at one point
   * @param batch the log-likelihood at several points at once (the Hessian's 2n²+1 points in one pass)
   */
  static Estimate maximise(ToDoubleFunction<double[]> logLikelihood, Function<double[][], double[]> batch,
      double[] start, int maxEvaluations, double tolerance) {
    int n = start.length;
    Best best = new Best(n);
    ObjectiveFunction objective = new ObjectiveFunction(u -> best.offer(u, finite(logLikelihood.applyAsDouble(exp(u)))));
    double[] lower = new double[n];
    double[] upper = new double[n];
    Arrays.fill(lower, -LOG_BOUND);
    Arrays.fill(upper, LOG_BOUND);
    double[] u0 = Arrays.stream(start).map(Math::log).toArray();
    boolean converged;
    try {
      new BOBYQAOptimizer(2 * n + 1, 1.0, tolerance).optimize(new MaxEval(maxEvaluations), objective,
          GoalType.MAXIMIZE, new InitialGuess(u0), new SimpleBounds(lower, upper));
      converged = true;
    } catch (TooManyEvaluationsException e) {
      converged = false;
    }
    boolean onBound = Arrays.stream(best.point).anyMatch(u -> Math.abs(u) > LOG_BOUND - 1e-6);
    double[] theta = exp(best.point);
    double[][] hessian = hessian(batch, theta);
    return new Estimate(theta, standardErrors(hessian), best.value, converged && !onBound,
        best.evaluations + 2 * n * n + 1);
  }

  /** Central differences, relative step {@value #HESSIAN_STEP}, all points evaluated in one batch. */
  static double[][] hessian(Function<double[][], double[]> f, double[] theta) {
    int n = theta.length;
    double[] h = new double[n];
    for (int i = 0; i < n; i++) {
      h[i] = HESSIAN_STEP * theta[i];
    }
    java.util.List<double[]> points = new java.util.ArrayList<>();
    points.add(theta);
    for (int i = 0; i < n; i++) {
      points.add(shift(theta, i, h[i], i, 0));
      points.add(shift(theta, i, -h[i], i, 0));
      for (int j = i + 1; j < n; j++) {
        points.add(shift(theta, i, h[i], j, h[j]));
        points.add(shift(theta, i, h[i], j, -h[j]));
        points.add(shift(theta, i, -h[i], j, h[j]));
        points.add(shift(theta, i, -h[i], j, -h[j]));
      }
    }
    double[] v = f.apply(points.toArray(double[][]::new));
    double f0 = v[0];
    int k = 1;
    double[][] hess = new double[n][n];
    for (int i = 0; i < n; i++) {
      double fp = v[k++];
      double fm = v[k++];
      hess[i][i] = (fp - 2 * f0 + fm) / (h[i] * h[i]);
      for (int j = i + 1; j < n; j++) {
        double fpp = v[k++];
        double fpm = v[k++];
        double fmp = v[k++];
        double fmm = v[k++];
        hess[i][j] = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j]);
        hess[j][i] = hess[i][j];
      }
    }
    return hess;
  }

  static double[] standardErrors(double[][] hessian) {
    int n = hessian.length;
    double[] se = new double[n];
    RealMatrix information = new Array2DRowRealMatrix(hessian).scalarMultiply(-1);
    LUDecomposition lu = new LUDecomposition(information);
    if (!lu.getSolver().isNonSingular()) {
      Arrays.fill(se, Double.NaN);
      return se;
    }
    RealMatrix covariance = lu.getSolver().getInverse();
    for (int i = 0; i < n; i++) {
      double v = covariance.getEntry(i, i);
      se[i] = v > 0 ? Math.sqrt(v) : Double.NaN;
    }
    return se;
  }

  private static double[] shift(double[] theta, int i, double di, int j, double dj) {
    double[] t = theta.clone();
    t[i] += di;
    t[j] += dj;
    return t;
  }

  private static double[] exp(double[] u) {
    return Arrays.stream(u).map(Math::exp).toArray();
  }

  /** The optimiser needs finite values: an overflowing likelihood counts as the worst possible point. */
  private static double finite(double value) {
    return Double.isFinite(value) ? value : -Double.MAX_VALUE / 4;
  }

  /** Tracks the best point seen, so that a fit stopped by the evaluation budget still reports its best. */
  private static final class Best {
    double[] point;
    double value = Double.NEGATIVE_INFINITY;
    int evaluations;

    Best(int n) {
      point = new double[n];
    }

    double offer(double[] u, double v) {
      evaluations++;
      if (v > value) {
        value = v;
        point = u.clone();
      }
      return v;
    }
  }

  private MaximumLikelihood() {}
}
