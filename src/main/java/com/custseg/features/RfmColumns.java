package com.custseg.features;

/** Feature columns the {@code features} package adds per customer. Definitions: README, "Definitions". */
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
  /**
   * True for a customer with transaction lines (purchases or returns) whose net spend, {@link #MONETARY}, is zero or
   * less: kept and segmented like everyone else, but flagged (returns at least as large as purchases often mean a
   * wrong return marker or a refund of an order from before the data). False for everyone else, including customers
   * without lines. The count of these customers is run_metrics customers_net_spend_not_positive.
   */
  public static final String NET_SPEND_NOT_POSITIVE = "net_spend_not_positive";
  public static final String R_SCORE = "r_score";
  public static final String F_SCORE = "f_score";
  public static final String M_SCORE = "m_score";
  /** The three scores as one string, e.g. "545". */
  public static final String RFM_SCORE = "rfm_score";

  /** Net spend per order, monetary / frequency rounded half-up to the cent; null without orders. */
  public static final String AVG_ORDER_VALUE = "avg_order_value";
  /** Days from the first purchase to the snapshot date (first purchase the day before the snapshot = 1). */
  public static final String TENURE_DAYS = "tenure_days";
  /** Distinct days with at least one purchase line. */
  public static final String ACTIVE_DAYS = "active_days";
  /** Distinct non-empty categories of purchase lines; null without purchases or when no category is mapped. */
  public static final String CATEGORY_BREADTH = "category_breadth";
  /** Net spend of the lines dated in the last 90 days (recency 1..90), decimal(18,2). */
  public static final String SPEND_90D = "spend_90d";
  /** Distinct purchase orders dated in the last 90 days. */
  public static final String ORDERS_90D = "orders_90d";
  /** Net spend of the lines dated in the last 365 days (recency 1..365). */
  public static final String SPEND_365D = "spend_365d";
  /** Distinct purchase orders dated in the last 365 days. */
  public static final String ORDERS_365D = "orders_365d";
  /** Net spend of the lines dated in the 90 days before the last 90 (days 91..180 before the snapshot). */
  public static final String SPEND_PREV_90D = "spend_prev_90d";
  /** spend_90d − spend_prev_90d. */
  public static final String SPEND_CHANGE_90D = "spend_change_90d";
  /** spend_90d / spend_prev_90d rounded to 4 places; null when spend_prev_90d ≤ 0 (no base to compare with). */
  public static final String SPEND_TREND_90D = "spend_trend_90d";

  /**
   * The probabilistic-model summary, as the {@code lifetimes} library's summary_data_from_transaction_data with
   * daily periods: distinct purchase days − 1.
   */
  public static final String FREQUENCY_REPEAT = "frequency_repeat";
  /** Days between the first and the last purchase day. */
  public static final String RECENCY_REPEAT = "recency_repeat";
  /**
   * Days between the first purchase day and the last day the snapshot counts (snapshot − 1), "T" in the models: the
   * same as lifetimes' T with observation_period_end = snapshot − 1.
   */
  public static final String T_DAYS = "t_days";
  /** Mean spend per repeat purchase day (the first day excluded), 0 when there is none; decimal(18,2). */
  public static final String MONETARY_REPEAT = "monetary_repeat";

  private RfmColumns() {}
}
