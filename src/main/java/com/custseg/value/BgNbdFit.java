package com.custseg.value;

import com.custseg.config.ValueConfig.TimeUnit;

/**
 * A fitted BG/NBD model with what the fit reports about itself.
 *
 * @param params maximum-likelihood estimates; alpha in {@code unit}
 * @param standardErrors standard errors from the observed information matrix, in the order r, alpha, a, b (NaN when
 *     the information matrix is not positive definite)
 * @param customers customers the model was fitted on
 * @param distinctRows distinct (x, t_x, T) rows the likelihood was summed over
 * @param onExecutors whether the likelihood was evaluated on the executors (compressed input above the bound)
 */
public record BgNbdFit(BgNbdParams params, double[] standardErrors, double logLikelihood, boolean converged,
    int evaluations, long customers, long distinctRows, boolean onExecutors, TimeUnit unit) {

  public BgNbdFit {
    standardErrors = standardErrors.clone();
  }

  @Override
  public double[] standardErrors() {
    return standardErrors.clone();
  }
}
