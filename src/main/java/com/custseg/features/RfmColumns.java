package com.custseg.features;

/** Feature columns the {@code features} package adds per customer. */
public final class RfmColumns {
  /** Days from the last purchase to the snapshot date (a purchase the day before the snapshot is 1). */
  public static final String RECENCY_DAYS = "recency_days";
  /** Distinct purchase orders (return lines do not count as orders). */
  public static final String FREQUENCY = "frequency";
  /** Net spend: purchases minus returns, decimal(18,2). */
  public static final String MONETARY = "monetary";
  public static final String FIRST_PURCHASE_DATE = "first_purchase_date";
  public static final String LAST_PURCHASE_DATE = "last_purchase_date";
  /** True when the customer bought at least once before the snapshot. */
  public static final String IS_BUYER = "is_buyer";
  public static final String R_SCORE = "r_score";
  public static final String F_SCORE = "f_score";
  public static final String M_SCORE = "m_score";
  /** The three scores as one string, e.g. "545". */
  public static final String RFM_SCORE = "rfm_score";

  /**
   * The probabilistic-model summary, as the {@code lifetimes} library's summary_data_from_transaction_data with
   * daily periods: distinct purchase days − 1.
   */
  public static final String FREQUENCY_REPEAT = "frequency_repeat";
  /** Days between the first and the last purchase day. */
  public static final String RECENCY_REPEAT = "recency_repeat";
  /** Days between the first purchase day and the snapshot date ("T" in the models). */
  public static final String T_DAYS = "t_days";
  /** Mean spend per repeat purchase day (the first day excluded), 0 when there is none; decimal(18,2). */
  public static final String MONETARY_REPEAT = "monetary_repeat";

  private RfmColumns() {}
}
