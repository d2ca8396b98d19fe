package com.custseg.config;

import java.util.List;
import java.util.Locale;

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

    public static TimeUnit parse(String key, String value) {
      for (TimeUnit unit : values()) {
        if (unit.name().toLowerCase(Locale.ROOT).equals(value)) {
          return unit;
        }
      }
      throw new ConfigException(key + " must be day, week or month, got: " + value);
    }
  }

  public ValueConfig {
    horizonsDays = List.copyOf(horizonsDays);
    if (maxCollectedRows < 0) {
      throw new ConfigException("segmentation.value.max-collected-rows must be non-negative, got: " + maxCollectedRows);
    }
    if (maxEvaluations < 50) {
      throw new ConfigException("segmentation.value.max-evaluations must be at least 50, got: " + maxEvaluations);
    }
    if (!(tolerance > 0 && tolerance < 0.1)) {
      throw new ConfigException("segmentation.value.tolerance must be in (0, 0.1), got: " + tolerance);
    }
    if (horizonsDays.isEmpty() || horizonsDays.stream().anyMatch(h -> h < 1)) {
      throw new ConfigException("segmentation.value.horizons-days must be a non-empty list of positive day counts, got: "
          + horizonsDays);
    }
    if (horizonsDays.stream().distinct().count() != horizonsDays.size()) {
      throw new ConfigException("segmentation.value.horizons-days lists a horizon twice: " + horizonsDays);
    }
    if (clvMonths < 1) {
      throw new ConfigException("segmentation.value.clv.months must be at least 1, got: " + clvMonths);
    }
    if (!(monthlyDiscountRate >= 0 && monthlyDiscountRate < 1)) {
      throw new ConfigException("segmentation.value.clv.monthly-discount-rate must be in [0, 1), got: "
          + monthlyDiscountRate);
    }
    if (!(highRiskBelow >= 0 && highRiskBelow <= 1)) {
      throw new ConfigException("segmentation.value.churn-risk.high-below must be in [0, 1], got: " + highRiskBelow);
    }
    if (!(mediumRiskBelow >= highRiskBelow && mediumRiskBelow <= 1)) {
      throw new ConfigException("segmentation.value.churn-risk.medium-below must be in [high-below, 1] = ["
          + highRiskBelow + ", 1], got: " + mediumRiskBelow);
    }
    if (holdoutMaxFrequencyBucket < 1 || holdoutMaxFrequencyBucket > 50) {
      throw new ConfigException("segmentation.value.holdout.max-frequency-bucket must be between 1 and 50, got: "
          + holdoutMaxFrequencyBucket);
    }
    if (maxSeriesTerms < 100) {
      throw new ConfigException("segmentation.value.max-series-terms must be at least 100, got: " + maxSeriesTerms);
    }
  }

  /** The defaults of reference.conf, for tests and callers without a config file. */
  public static ValueConfig defaults() {
    return new ValueConfig(true, TimeUnit.WEEK, 100_000_000, 2_000, 1.0e-8, List.of(30, 90, 365), 12, 0.01, 0.3, 0.7, 7,
        100_000);
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
