package com.custseg.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;

import com.custseg.cluster.ClusterColumns;
import com.custseg.features.ContactColumns;
import com.custseg.features.RfmColumns;
import com.custseg.io.OutputTables;
import com.custseg.io.TransactionColumns;
import com.custseg.region.RegionColumns;
import com.custseg.segment.SegmentColumns;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The segment_summary table: customers, revenue and mean R/F/M per snapshot, region, tier, cluster (with the
 * cluster's code and name), loyalty level, attitude and buying motive.
 */
public final class SegmentSummary {

  public static Dataset<Row> summarize(Dataset<Row> segments) {
    return segments
        .groupBy(col(OutputTables.SNAPSHOT_DATE), col(RegionColumns.REGION_CODE), col(RegionColumns.REGION_NAME),
            col(SegmentColumns.VALUE_TIER), col(SegmentColumns.VALUE_TIER_NAME), col(SegmentColumns.CLUSTER_ID),
            col(ClusterColumns.CLUSTER_CODE), col(ClusterColumns.CLUSTER_NAME), col(SegmentColumns.LOYALTY),
            col(SegmentColumns.LOYALTY_NAME), col(ContactColumns.ATTITUDE), col(SegmentColumns.MOTIVE),
            col(SegmentColumns.MOTIVE_NAME))
        .agg(count(lit(1)).as(OutputTables.CUSTOMERS),
            sum(col(RfmColumns.MONETARY)).cast(TransactionColumns.MONEY).as(OutputTables.REVENUE),
            round(avg(col(RfmColumns.RECENCY_DAYS)), 2).as(OutputTables.AVG_RECENCY_DAYS),
            round(avg(col(RfmColumns.FREQUENCY)), 2).as(OutputTables.AVG_FREQUENCY),
            avg(col(RfmColumns.MONETARY)).cast(TransactionColumns.MONEY).as(OutputTables.AVG_MONETARY));
  }

  /** The rows of a segment_summary snapshot as the printed summary's counts. */
  public static List<RunResult.SegmentCount> counts(Dataset<Row> summary) {
    // Bounded: one row per region x tier x cluster x loyalty x attitude x motive.
    return summary
        .select(RegionColumns.REGION_CODE, RegionColumns.REGION_NAME, SegmentColumns.VALUE_TIER,
            SegmentColumns.VALUE_TIER_NAME, SegmentColumns.CLUSTER_ID, OutputTables.CUSTOMERS, OutputTables.REVENUE,
            SegmentColumns.LOYALTY, ContactColumns.ATTITUDE, SegmentColumns.MOTIVE, SegmentColumns.MOTIVE_NAME)
        .collectAsList().stream()
        .map(r -> new RunResult.SegmentCount(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
            r.getInt(4), r.getLong(5), r.isNullAt(6) ? BigDecimal.ZERO : r.getDecimal(6),
            new RunResult.Dimensions(r.getString(7), r.getString(8), r.getString(9), r.getString(10))))
        .toList();
  }

  private SegmentSummary() {}
}
