package com.custseg.value;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for 0 ≤ z &lt; 1 by its power series, summed until the bound on
 * the remaining tail falls below 1e-15 of the sum. Commons Math has no 2F1. {@link CustomerValue} calls it with
 * Euler's transformation applied, which makes the terms decay like k^(a−r−x−2) z^k, so that a few hundred terms
 * suffice even for horizons much longer than the customer's age.
 */
final class Hypergeometric {
  private static final double RELATIVE_TAIL = 1e-15;

  static double hyp2f1(double a, double b, double c, double z, int maxTerms) {
    if (!(z >= 0 && z < 1)) {
      throw new IllegalArgumentException("the hypergeometric series needs 0 <= z < 1, got: " + z);
    }
    double term = 1;
    double sum = 1;
    for (int k = 0; k < maxTerms; k++) {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      sum += term;
      if (term == 0) {
        return sum;
      }
      // The ratio of consecutive terms tends to z monotonically once k is past the parameters, so max(next
      // ratio, z) bounds the later ratios and the tail is a geometric series.
      double ratio = Math.max(Math.abs((a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2))) * z, z);
      if (ratio < 1 && Math.abs(term) * ratio / (1 - ratio) <= RELATIVE_TAIL * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException("hypergeometric series 2F1(" + a + ", " + b + "; " + c + "; " + z
        + ") did not converge in " + maxTerms + " terms (" + com.custseg.config.ValueConfig.MAX_SERIES_TERMS + ")");
  }

  private Hypergeometric() {}
}
