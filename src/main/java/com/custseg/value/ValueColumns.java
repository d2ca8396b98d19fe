package com.custseg.value;

/** Columns the {@code value} package adds per customer, and those of the holdout comparison table. */
public final class ValueColumns {
  /** Probability that the customer is still active (has not silently dropped out), BG/NBD; 1 with no repeat. */
  public static final String P_ALIVE = "p_alive";
  /** Expected spend per purchase from now on (Gamma-Gamma), decimal(18,2). */
  public static final String EXPECTED_AVG_ORDER_VALUE = "expected_avg_order_value";
  /** Discounted expected spend over the configured months, decimal(18,2). */
  public static final String CLV = "clv";
  /** {@link #CHURN_HIGH}, {@link #CHURN_MEDIUM} or {@link #CHURN_LOW} by p_alive thresholds. */
  public static final String CHURN_RISK_BAND = "churn_risk_band";
  public static final String CHURN_HIGH = "high";
  public static final String CHURN_MEDIUM = "medium";
  public static final String CHURN_LOW = "low";

  /** Holdout table: calibration repeat-purchase count ("0", "1", ..., "N+") or {@link #TOTAL}. */
  public static final String FREQUENCY_BUCKET = "frequency_bucket";
  public static final String TOTAL = "total";
  public static final String CUSTOMERS = "customers";
  public static final String ACTUAL_REPEAT_PURCHASES = "actual_repeat_purchases";
  public static final String PREDICTED_REPEAT_PURCHASES = "predicted_repeat_purchases";
  /** Per customer: distinct purchase days in the holdout period. */
  public static final String HOLDOUT_PURCHASES = "holdout_purchases";

  /** The columns {@link CustomerValue#withValueScores} adds, in order, for these settings. */
  public static java.util.List<String> scoreColumns(com.custseg.config.ValueConfig config) {
    java.util.List<String> columns = new java.util.ArrayList<>(java.util.List.of(P_ALIVE));
    config.horizonsDays().forEach(h -> columns.add(expectedPurchases(h)));
    columns.addAll(java.util.List.of(EXPECTED_AVG_ORDER_VALUE, CLV, CHURN_RISK_BAND));
    return columns;
  }

  /** Expected purchase days in the next {@code days} days (BG/NBD), e.g. {@code expected_purchases_90d}. */
  public static String expectedPurchases(int days) {
    return "expected_purchases_" + days + "d";
  }

  private ValueColumns() {}
}
