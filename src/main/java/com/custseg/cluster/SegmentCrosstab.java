package com.custseg.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.custseg.cluster.SegmentModel.ClusterLabel;
import com.custseg.features.RfmColumns;
import com.custseg.io.OutputTables;
import com.custseg.io.TransactionColumns;
import com.custseg.segment.SegmentColumns;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * The segment_crosstab table: customers and revenue per business-rule segment (value_tier, rfm_segment, ...) ×
 * k-means cluster, per snapshot, so analysts see where the data-driven clusters agree with the rules. One row per
 * dimension, dimension value and cluster; customers without purchases are cluster -1, named
 * {@link ClusterColumns#NO_CLUSTER_NAME}.
 */
public final class SegmentCrosstab {
  public static final List<String> COLUMNS = List.of(OutputTables.SNAPSHOT_DATE, ClusterColumns.DIMENSION,
      ClusterColumns.DIMENSION_VALUE, SegmentColumns.CLUSTER_ID, ClusterColumns.CLUSTER_CODE,
      ClusterColumns.CLUSTER_NAME, ClusterColumns.CUSTOMERS, ClusterColumns.REVENUE,
      ClusterColumns.SHARE_OF_DIMENSION_VALUE);

  /** The dimensions of {@code wanted} that {@code segments} has, in the given order. */
  public static List<String> presentDimensions(Dataset<Row> segments, List<String> wanted) {
    List<String> columns = Arrays.asList(segments.columns());
    return wanted.stream().filter(columns::contains).toList();
  }

  /**
   * The cross-tab of {@code segments} (snapshot_date, cluster_id, monetary and the dimension columns) over the
   * dimensions it has. Throws when none of them is present.
   */
  public static Dataset<Row> crosstab(Dataset<Row> segments, List<String> dimensions, List<ClusterLabel> labels) {
    List<String> present = presentDimensions(segments, dimensions);
    if (present.isEmpty()) {
      throw new IllegalArgumentException("segment_crosstab: none of the dimensions " + dimensions
          + " is a column of customer_segments " + Arrays.toString(segments.columns()));
    }
    Dataset<Row> result = null;
    for (String dimension : present) {
      Dataset<Row> cells = segments
          .groupBy(col(OutputTables.SNAPSHOT_DATE), col(dimension).cast(DataTypes.StringType)
              .as(ClusterColumns.DIMENSION_VALUE), col(SegmentColumns.CLUSTER_ID))
          .agg(count(lit(1)).as(ClusterColumns.CUSTOMERS),
              sum(col(RfmColumns.MONETARY)).cast(TransactionColumns.MONEY).as(ClusterColumns.REVENUE))
          .withColumn(ClusterColumns.DIMENSION, lit(dimension));
      result = result == null ? cells : result.unionByName(cells);
    }
    return result
        .withColumn(ClusterColumns.CLUSTER_CODE, SegmentModel.codeOf(labels, col(SegmentColumns.CLUSTER_ID)))
        .withColumn(ClusterColumns.CLUSTER_NAME, SegmentModel.nameOf(labels, col(SegmentColumns.CLUSTER_ID)))
        .withColumn(ClusterColumns.SHARE_OF_DIMENSION_VALUE, col(ClusterColumns.CUSTOMERS).divide(
            sum(col(ClusterColumns.CUSTOMERS)).over(Window.partitionBy(col(OutputTables.SNAPSHOT_DATE),
                col(ClusterColumns.DIMENSION), col(ClusterColumns.DIMENSION_VALUE)))))
        .select(COLUMNS.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
  }

  private SegmentCrosstab() {}
}
