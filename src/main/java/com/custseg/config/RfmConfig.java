package com.custseg.config;

/**
 * How RFM scores are cut.
 *
 * @param bins score bins per dimension, 3 to 10
 * @param relativeError relative error of the approximate quantiles, in (0, 0.1]
 * @param scoreWithinRegion true to cut scores per region instead of nationally
 * @param incremental true to derive the per-customer aggregates from the previous snapshot's plus the new
 *     transactions (append-only input), see {@code history.IncrementalRfm}
 */
public record RfmConfig(int bins, double relativeError, boolean scoreWithinRegion, boolean incremental) {
  public static final String BINS = "segmentation.rfm.bins";
  public static final String RELATIVE_ERROR = "segmentation.rfm.relative-error";
  public static final String SCORE_WITHIN = "segmentation.rfm.score-within";
  public static final String INCREMENTAL = "segmentation.rfm.incremental";

  public RfmConfig {
    if (bins < 3 || bins > 10) {
      throw new ConfigException(BINS + " must be between 3 and 10, got: " + bins);
    }
    if (!(relativeError > 0 && relativeError <= 0.1)) {
      throw new ConfigException(RELATIVE_ERROR + " must be in (0, 0.1], got: " + relativeError);
    }
  }

  /** The {@code accuracy} argument of percentile_approx for this relative error. */
  public int accuracy() {
    return (int) Math.ceil(1.0 / relativeError);
  }
}
