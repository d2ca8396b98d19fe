package com.custseg.config;

import java.util.List;

/**
 * Settings of the customer-value models (BG/NBD purchase and dropout, Gamma-Gamma spend) under
 * {@code segmentation.value}.
 *
 * @param enabled whether the run fits the models and adds the value columns
 * @param timeUnit time unit the BG/NBD rate parameter alpha is expressed in
 * @param maxCollectedRows largest compressed likelihood input (distinct (x, t_x, T) or (x, mean spend) rows) that is
 *     collected to the driver (a cap: the driver's heap may bound it lower); larger inputs are evaluated on the
 *     executors at every optimiser step
 * @param maxEvaluations likelihood evaluations allowed per fit
 * @param tolerance final trust-region radius of the optimiser on the log-parameters (≈ relative precision)
 * @param horizonsDays horizons, in days, of the expected-purchases columns
 * @param clvMonths months (of 30 days) summed in the customer lifetime value
 * @param monthlyDiscountRate discount rate per month applied to future value
 * @param highRiskBelow p_alive below this is churn-risk band "high"
 * @param mediumRiskBelow p_alive below this (and not high) is band "medium"; otherwise "low"
 * @param holdoutMaxFrequencyBucket holdout report buckets 0, 1, ..., this value and "this value or more"
 * @param maxSeriesTerms bound of the hypergeometric series behind expected purchases
 */
public record ValueConfig(
    boolean enabled,
    TimeUnit timeUnit,
    long maxCollectedRows,
    int maxEvaluations,
    double tolerance,
    List<Integer> horizonsDays,
    int clvMonths,
    double monthlyDiscountRate,
    double highRiskBelow,
    double mediumRiskBelow,
    int holdoutMaxFrequencyBucket,
    int maxSeriesTerms) {

  public static final String ENABLED = "segmentation.value.enabled";
  public static final String TIME_UNIT = "segmentation.value.time-unit";
  public static final String MAX_COLLECTED_ROWS = "segmentation.value.max-collected-rows";
  public static final String MAX_EVALUATIONS = "segmentation.value.max-evaluations";
  public static final String TOLERANCE = "segmentation.value.tolerance";
  public static final String HORIZONS_DAYS = "segmentation.value.horizons-days";
  public static final String CLV_MONTHS = "segmentation.value.clv.months";
  public static final String CLV_MONTHLY_DISCOUNT_RATE = "segmentation.value.clv.monthly-discount-rate";
  public static final String CHURN_RISK_HIGH_BELOW = "segmentation.value.churn-risk.high-below";
  public static final String CHURN_RISK_MEDIUM_BELOW = "segmentation.value.churn-risk.medium-below";
  public static final String HOLDOUT_MAX_FREQUENCY_BUCKET = "segmentation.value.holdout.max-frequency-bucket";
  public static final String MAX_SERIES_TERMS = "segmentation.value.max-series-terms";

  /** Days per month in the value models (the convention of the lifetimes library's CLV). */
  public static final int DAYS_PER_MONTH = 30;

  /** Unit of the model's time axis; customers' day counts are divided by {@link #days()}. */
  public enum TimeUnit {
    DAY(1), WEEK(7), MONTH(DAYS_PER_MONTH);

    private final int days;

    TimeUnit(int days) {
      this.days = days;
    }

    public int days() {
      return days;
    }
  }

  public ValueConfig {
    horizonsDays = List.copyOf(horizonsDays);
    if (maxCollectedRows < 0) {
      throw new ConfigException(MAX_COLLECTED_ROWS + " must be non-negative, got: " + maxCollectedRows);
    }
    if (maxEvaluations < 50) {
      throw new ConfigException(MAX_EVALUATIONS + " must be at least 50, got: " + maxEvaluations);
    }
    if (!(tolerance > 0 && tolerance < 0.1)) {
      throw new ConfigException(TOLERANCE + " must be in (0, 0.1), got: " + tolerance);
    }
    if (horizonsDays.isEmpty() || horizonsDays.stream().anyMatch(h -> h < 1)) {
      throw new ConfigException(HORIZONS_DAYS + " must be a non-empty list of positive day counts, got: "
          + horizonsDays);
    }
    if (horizonsDays.stream().distinct().count() != horizonsDays.size()) {
      throw new ConfigException(HORIZONS_DAYS + " lists a horizon twice: " + horizonsDays);
    }
    if (clvMonths < 1) {
      throw new ConfigException(CLV_MONTHS + " must be at least 1, got: " + clvMonths);
    }
    if (!(monthlyDiscountRate >= 0 && monthlyDiscountRate < 1)) {
      throw new ConfigException(CLV_MONTHLY_DISCOUNT_RATE + " must be in [0, 1), got: "
          + monthlyDiscountRate);
    }
    if (!(highRiskBelow >= 0 && highRiskBelow <= 1)) {
      throw new ConfigException(CHURN_RISK_HIGH_BELOW + " must be in [0, 1], got: " + highRiskBelow);
    }
    if (!(mediumRiskBelow >= highRiskBelow && mediumRiskBelow <= 1)) {
      throw new ConfigException(CHURN_RISK_MEDIUM_BELOW + " must be in [high-below, 1] = ["
          + highRiskBelow + ", 1], got: " + mediumRiskBelow);
    }
    if (holdoutMaxFrequencyBucket < 1 || holdoutMaxFrequencyBucket > 50) {
      throw new ConfigException(HOLDOUT_MAX_FREQUENCY_BUCKET + " must be between 1 and 50, got: "
          + holdoutMaxFrequencyBucket);
    }
    if (maxSeriesTerms < 100) {
      throw new ConfigException(MAX_SERIES_TERMS + " must be at least 100, got: " + maxSeriesTerms);
    }
  }

  public ValueConfig withTimeUnit(TimeUnit unit) {
    return new ValueConfig(enabled, unit, maxCollectedRows, maxEvaluations, tolerance, horizonsDays, clvMonths,
        monthlyDiscountRate, highRiskBelow, mediumRiskBelow, holdoutMaxFrequencyBucket, maxSeriesTerms);
  }

  public ValueConfig withMaxCollectedRows(long rows) {
    return new ValueConfig(enabled, timeUnit, rows, maxEvaluations, tolerance, horizonsDays, clvMonths,
        monthlyDiscountRate, highRiskBelow, mediumRiskBelow, holdoutMaxFrequencyBucket, maxSeriesTerms);
  }
}
