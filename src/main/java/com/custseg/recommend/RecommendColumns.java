package com.custseg.recommend;

/** Column names of segment_affinity, recommendations and recommendation_holdout. */
public final class RecommendColumns {
  public static final String CUSTOMER_ID = "customer_id";
  public static final String CATEGORY = "category";
  /** Distinct days a customer bought the category (purchase lines, returns left out). */
  public static final String DAYS = "purchase_days";
  /** Net spend of a customer on the category (purchases minus returns). */
  public static final String SPEND = "spend";
  /** First day a customer bought the category. */
  public static final String FIRST_DAY = "first_day";

  public static final String DIMENSION = "dimension";
  public static final String SEGMENT = "segment";
  public static final String SEGMENT_CUSTOMERS = "segment_customers";
  public static final String CUSTOMERS = "customers";
  public static final String CUSTOMER_SHARE = "customer_share";
  public static final String SEGMENT_SPEND = "segment_spend";
  public static final String SPEND_SHARE = "spend_share";
  public static final String ALL_CUSTOMERS = "all_customers";
  public static final String CATEGORY_CUSTOMERS = "category_customers";
  public static final String LIFT = "lift";

  public static final String RANK = "rank";
  public static final String SCORE = "score";
  /** Where a recommendation came from: {@link #ALS}, {@link #SEGMENT_LIFT} or {@link #GLOBAL_POPULARITY}. */
  public static final String SOURCE = "source";
  public static final String ALS = "als";
  public static final String SEGMENT_LIFT = "segment_lift";
  public static final String GLOBAL_POPULARITY = "global_popularity";

  public static final String METHOD = "method";
  public static final String TOP_N = "top_n";
  public static final String PRECISION = "precision_at_n";
  public static final String RECALL = "recall_at_n";
  public static final String MAP = "map_at_n";
  /** recommendation_holdout.segment of the row over all evaluated customers. */
  public static final String ALL = "all";

  private RecommendColumns() {}
}
