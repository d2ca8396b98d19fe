package com.custseg.value;

/**
 * A fitted Gamma-Gamma spend model.
 *
 * @param standardErrors standard errors in the order p, q, gamma (NaN when not identifiable)
 * @param customers repeat customers (x &gt; 0) with positive mean repeat spend the model was fitted on
 * @param excludedZeroSpend repeat customers left out because their mean repeat spend is exactly 0
 * @param excludedNegativeSpend repeat customers left out because returns net their mean repeat spend below 0 (only
 *     by {@link GammaGammaModel#fitLeavingOutNegativeSpend}; the strict fit rejects them)
 * @param frequencySpendCorrelation Pearson correlation of x and mean repeat spend over the fitted customers; the model
 *     assumes spend is independent of frequency, so a value far from 0 (say |ρ| &gt; 0.3) is a warning sign
 */
public record GammaGammaFit(GammaGammaParams params, double[] standardErrors, double logLikelihood, boolean converged,
    int evaluations, long customers, long distinctRows, long excludedZeroSpend, long excludedNegativeSpend,
    double frequencySpendCorrelation) {

  public GammaGammaFit {
    standardErrors = standardErrors.clone();
  }

  @Override
  public double[] standardErrors() {
    return standardErrors.clone();
  }
}
