package com.custseg.segment;

/** Columns the {@code segment} package adds per customer. */
public final class SegmentColumns {
  /** Code of the value tier rule that matched, e.g. vip. */
  public static final String VALUE_TIER = "value_tier";
  /** Display name of that tier, e.g. 高价值. */
  public static final String VALUE_TIER_NAME = "value_tier_name";
  /** Which value tier rule matched: "n: condition" (n = position in tiers.rules, from 1) or "default". */
  public static final String VALUE_TIER_RULE = "value_tier_rule";
  /** Code of the standard RFM segment, e.g. champions; from segments.rules. */
  public static final String RFM_SEGMENT = "rfm_segment";
  /** Display name of the RFM segment, e.g. 重要价值客户. */
  public static final String RFM_SEGMENT_NAME = "rfm_segment_name";
  /** Which segment rule matched: "n: r=4-5 f=4-5 m=4-5", "default" or "no scores". */
  public static final String RFM_SEGMENT_RULE = "rfm_segment_rule";
  /** Lifecycle stage code (new, active, at_risk, lapsed, lost, ...) from lifecycle.rules. */
  public static final String LIFECYCLE_STAGE = "lifecycle_stage";
  /** Loyalty level (high 高, medium 中, low 低 with the published rules), its name and the rule that gave it. */
  public static final String LOYALTY = "loyalty";
  public static final String LOYALTY_NAME = "loyalty_name";
  public static final String LOYALTY_RULE = "loyalty_rule";
  /**
   * Buying motive (price_sensitive 价格敏感型, quality_seeking 品质追求型, brand_loyal 品牌忠诚型, mixed 混合型 and
   * unknown 未知 with the published rules), its name and the rule that gave it.
   */
  public static final String MOTIVE = "motive";
  public static final String MOTIVE_NAME = "motive_name";
  public static final String MOTIVE_RULE = "motive_rule";
  public static final String LIFECYCLE_STAGE_NAME = "lifecycle_stage_name";
  /** Which lifecycle rule matched: "n: condition" or "default". */
  public static final String LIFECYCLE_STAGE_RULE = "lifecycle_stage_rule";
  /** K-means cluster of a buyer, 0..k-1; {@link #NO_CLUSTER} for customers without purchases. */
  public static final String CLUSTER_ID = "cluster_id";
  public static final int NO_CLUSTER = -1;

  private SegmentColumns() {}
}
