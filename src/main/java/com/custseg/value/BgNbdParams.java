package com.custseg.value;

import static org.apache.commons.math3.special.Gamma.logGamma;

/**
 * Parameters of the BG/NBD model (Fader, Hardie &amp; Lee 2005): purchase rates are Gamma(r, α) across customers (α in
 * the model's time unit), the dropout probability after each purchase is Beta(a, b).
 */
public record BgNbdParams(double r, double alpha, double a, double b) {
  public BgNbdParams {
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
      throw new IllegalArgumentException("BG/NBD parameters must be positive, got: r=" + r + ", alpha=" + alpha
          + ", a=" + a + ", b=" + b);
    }
  }

  static BgNbdParams of(double[] p) {
    return new BgNbdParams(p[0], p[1], p[2], p[3]);
  }

  double[] toArray() {
    return new double[] {r, alpha, a, b};
  }

  /** Log-likelihood of these parameters for one customer (x repeat purchases, last at t_x, observed for T units). */
  public double logLikelihood(double x, double tx, double t) {
    return logLikelihoodOfFrequency(toArray(), x) + logLikelihoodOfTimes(toArray(), new double[] {x, tx, t});
  }

  /**
   * Equation (6) of the paper in log form, split in two. This part depends on x alone:
   * ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b), the Beta functions written with log-gamma.
   */
  static double logLikelihoodOfFrequency(double[] p, double x) {
    double r = p[0];
    double alpha = p[1];
    double a = p[2];
    double b = p[3];
    return logGamma(r + x) - logGamma(r) + r * Math.log(alpha)
        + logGamma(b + x) + logGamma(a + b) - logGamma(b) - logGamma(a + b + x);
  }

  /**
   * The rest: ln((α+T)^−(r+x) + [x&gt;0] a/(b+x−1) (α+t_x)^−(r+x)), with log-sum-exp so that it neither underflows
   * for old customers nor overflows for frequent ones.
   */
  static double logLikelihoodOfTimes(double[] p, double[] in) {
    double r = p[0];
    double alpha = p[1];
    double a = p[2];
    double b = p[3];
    double x = in[0];
    double tx = in[1];
    double t = in[2];
    double alive = -(r + x) * Math.log(alpha + t);
    if (x == 0) {
      return alive;
    }
    double dropped = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
    double max = Math.max(alive, dropped);
    return max + Math.log(Math.exp(alive - max) + Math.exp(dropped - max));
  }
}
