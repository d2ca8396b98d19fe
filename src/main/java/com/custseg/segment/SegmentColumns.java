package com.custseg.segment;

/** Columns the {@code segment} package adds per customer. */
public final class SegmentColumns {
  /** Code of the value tier rule that matched, e.g. vip. */
  public static final String VALUE_TIER = "value_tier";
  /** Display name of that tier, e.g. 高价值. */
  public static final String VALUE_TIER_NAME = "value_tier_name";
  /** K-means cluster of a buyer, 0..k-1; {@link #NO_CLUSTER} for customers without purchases. */
  public static final String CLUSTER_ID = "cluster_id";
  public static final int NO_CLUSTER = -1;

  private SegmentColumns() {}
}
