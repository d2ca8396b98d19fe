package com.custseg.value;

import static org.apache.commons.math3.special.Gamma.logGamma;

/**
 * Parameters of the Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV"): each purchase's value is
 * Gamma(p, ν) for a customer, and ν is Gamma(q, γ) across customers. The population mean spend per purchase is
 * p γ / (q − 1), finite only for q &gt; 1.
 */
public record GammaGammaParams(double p, double q, double gamma) {
  public GammaGammaParams {
    if (!(p > 0 && q > 0 && gamma > 0)) {
      throw new IllegalArgumentException("Gamma-Gamma parameters must be positive, got: p=" + p + ", q=" + q
          + ", gamma=" + gamma);
    }
  }

  static GammaGammaParams of(double[] v) {
    return new GammaGammaParams(v[0], v[1], v[2]);
  }

  double[] toArray() {
    return new double[] {p, q, gamma};
  }

  /** Log-likelihood for a customer with x &gt; 0 repeat purchases of mean value m &gt; 0. */
  public double logLikelihood(double x, double m) {
    return logLikelihoodOfFrequency(toArray(), x) + logLikelihoodOfSpend(toArray(), new double[] {x, m});
  }

  /**
   * Log density of the mean m of x purchases, ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x −
   * (px+q) ln(γ + m x), split in two. This part depends on x alone: ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ +
   * px ln x.
   */
  static double logLikelihoodOfFrequency(double[] v, double x) {
    double p = v[0];
    double q = v[1];
    double gamma = v[2];
    double px = p * x;
    return logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(gamma) + px * Math.log(x);
  }

  /** The rest: (px−1) ln m − (px+q) ln(γ + m x). */
  static double logLikelihoodOfSpend(double[] v, double[] in) {
    double p = v[0];
    double q = v[1];
    double gamma = v[2];
    double x = in[0];
    double m = in[1];
    double px = p * x;
    return (px - 1) * Math.log(m) - (px + q) * Math.log(gamma + m * x);
  }

  /** Mean spend per purchase across customers, p γ / (q − 1); NaN when q ≤ 1 (the mean does not exist). */
  public double populationMeanSpend() {
    return q > 1 ? p * gamma / (q - 1) : Double.NaN;
  }
}
