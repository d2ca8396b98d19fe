package com.custseg.io;

import com.custseg.cluster.ClusterColumns;
import com.custseg.features.RfmColumns;
import com.custseg.region.RegionColumns;
import com.custseg.segment.SegmentColumns;
import java.util.List;

/** Names, partitioning and column order of the tables the job writes under the output root. */
public final class OutputTables {
  public static final String SNAPSHOT_DATE = "snapshot_date";

  public static final String CUSTOMER_SEGMENTS = "customer_segments";
  public static final String SEGMENT_SUMMARY = "segment_summary";
  public static final String REJECTS = "rejects";
  public static final String SEGMENT_MIGRATION = "segment_migration";
  /** Predicted vs actual repeat purchases of the holdout check (runs with a calibration end date only). */
  public static final String VALUE_HOLDOUT = "value_holdout";

  public static final List<String> CUSTOMER_SEGMENTS_PARTITIONS = List.of(SNAPSHOT_DATE, RegionColumns.REGION_CODE);
  public static final List<String> SNAPSHOT_PARTITION = List.of(SNAPSHOT_DATE);

  /**
   * Columns of customer_segments, in order. Personal data (name, phone) is deliberately absent: this table is for
   * analysts.
   */
  public static final List<String> CUSTOMER_SEGMENTS_COLUMNS = List.of(
      SNAPSHOT_DATE, RegionColumns.REGION_CODE, RegionColumns.REGION_NAME, RegionColumns.PROVINCE,
      RegionColumns.PROVINCE_CODE, RegionColumns.ECONOMIC_ZONE, CustomerColumns.CITY, CustomerColumns.CUSTOMER_ID,
      CustomerColumns.SIGNUP_DATE, CustomerColumns.INDUSTRY, CustomerColumns.COMPANY_SIZE, CustomerColumns.CHANNEL,
      RfmColumns.IS_BUYER, RfmColumns.FIRST_PURCHASE_DATE, RfmColumns.LAST_PURCHASE_DATE, RfmColumns.RECENCY_DAYS,
      RfmColumns.FREQUENCY, RfmColumns.MONETARY, RfmColumns.NET_SPEND_NOT_POSITIVE,
      RfmColumns.AVG_ORDER_VALUE, RfmColumns.TENURE_DAYS, RfmColumns.ACTIVE_DAYS, RfmColumns.CATEGORY_BREADTH,
      RfmColumns.SPEND_90D, RfmColumns.ORDERS_90D, RfmColumns.SPEND_PREV_90D, RfmColumns.SPEND_CHANGE_90D,
      RfmColumns.SPEND_TREND_90D, RfmColumns.SPEND_365D, RfmColumns.ORDERS_365D,
      RfmColumns.FREQUENCY_REPEAT, RfmColumns.RECENCY_REPEAT, RfmColumns.T_DAYS, RfmColumns.MONETARY_REPEAT,
      RfmColumns.R_SCORE, RfmColumns.F_SCORE, RfmColumns.M_SCORE, RfmColumns.RFM_SCORE,
      SegmentColumns.RFM_SEGMENT, SegmentColumns.RFM_SEGMENT_NAME, SegmentColumns.RFM_SEGMENT_RULE,
      SegmentColumns.LIFECYCLE_STAGE, SegmentColumns.LIFECYCLE_STAGE_NAME, SegmentColumns.LIFECYCLE_STAGE_RULE,
      SegmentColumns.VALUE_TIER, SegmentColumns.VALUE_TIER_NAME, SegmentColumns.VALUE_TIER_RULE,
      SegmentColumns.CLUSTER_ID, ClusterColumns.CLUSTER_CODE, ClusterColumns.CLUSTER_NAME);

  /** segment_summary measures. */
  public static final String CUSTOMERS = "customers";
  public static final String REVENUE = "revenue";
  public static final String AVG_RECENCY_DAYS = "avg_recency_days";
  public static final String AVG_FREQUENCY = "avg_frequency";
  public static final String AVG_MONETARY = "avg_monetary";

  private OutputTables() {}
}
