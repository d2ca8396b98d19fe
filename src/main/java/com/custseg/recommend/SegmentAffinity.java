package com.custseg.recommend;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * What over-indexes where: for each value of each dimension (value tier, RFM segment, cluster, region, ...) and each
 * category, the share of the segment's buyers who bought it, the share of the segment's spend it took, and the lift
 * of that share over all buyers ({@code customer_share / (category_customers / all_customers)}: 2 = twice as common
 * as across all buyers). Shares are over buyers of some category in the period, so segments of non-buyers do not
 * dilute them. A segment x category with fewer than {@code minSupport} buyers is left out.
 */
public final class SegmentAffinity {
  /**
   * @param purchases {@link Purchases#between} rows
   * @param segments one row per customer with {@code customer_id} and the {@code dimensions} columns
   */
  public static Dataset<Row> table(Dataset<Row> purchases, Dataset<Row> segments, List<String> dimensions,
      int minSupport) {
    Column[] pairs = dimensions.stream().map(d -> struct(lit(d).as(RecommendColumns.DIMENSION),
        col(d).cast(DataTypes.StringType).as(RecommendColumns.SEGMENT))).toArray(Column[]::new);
    Dataset<Row> memberships = segments.select(col(RecommendColumns.CUSTOMER_ID), explode(array(pairs)).as("m"))
        .select(col(RecommendColumns.CUSTOMER_ID), col("m." + RecommendColumns.DIMENSION).as(RecommendColumns.DIMENSION),
            col("m." + RecommendColumns.SEGMENT).as(RecommendColumns.SEGMENT))
        .where(col(RecommendColumns.SEGMENT).isNotNull());
    Dataset<Row> buyers = purchases.groupBy(RecommendColumns.CUSTOMER_ID)
        .agg(sum(RecommendColumns.SPEND).as("total_spend"));
    Dataset<Row> segmentTotals = memberships.join(buyers, RecommendColumns.CUSTOMER_ID)
        .groupBy(RecommendColumns.DIMENSION, RecommendColumns.SEGMENT)
        .agg(count(lit(1)).as(RecommendColumns.SEGMENT_CUSTOMERS),
            sum("total_spend").as(RecommendColumns.SEGMENT_SPEND));
    Dataset<Row> cells = purchases.join(memberships, RecommendColumns.CUSTOMER_ID)
        .groupBy(RecommendColumns.DIMENSION, RecommendColumns.SEGMENT, RecommendColumns.CATEGORY)
        .agg(count(lit(1)).as(RecommendColumns.CUSTOMERS), sum(RecommendColumns.SPEND).as(RecommendColumns.SPEND))
        .where(col(RecommendColumns.CUSTOMERS).geq(minSupport));
    Dataset<Row> categories = purchases.groupBy(RecommendColumns.CATEGORY)
        .agg(count(lit(1)).as(RecommendColumns.CATEGORY_CUSTOMERS));
    Dataset<Row> all = buyers.agg(count(lit(1)).as(RecommendColumns.ALL_CUSTOMERS));

    Column customerShare = col(RecommendColumns.CUSTOMERS).cast(DataTypes.DoubleType)
        .divide(col(RecommendColumns.SEGMENT_CUSTOMERS));
    Column overallShare = col(RecommendColumns.CATEGORY_CUSTOMERS).cast(DataTypes.DoubleType)
        .divide(col(RecommendColumns.ALL_CUSTOMERS));
    return cells.join(segmentTotals, new String[] {RecommendColumns.DIMENSION, RecommendColumns.SEGMENT})
        .join(categories, RecommendColumns.CATEGORY)
        .crossJoin(broadcast(all))
        .select(col(RecommendColumns.DIMENSION), col(RecommendColumns.SEGMENT), col(RecommendColumns.CATEGORY),
            col(RecommendColumns.SEGMENT_CUSTOMERS), col(RecommendColumns.CUSTOMERS),
            customerShare.as(RecommendColumns.CUSTOMER_SHARE),
            col(RecommendColumns.SEGMENT_SPEND), col(RecommendColumns.SPEND),
            when(col(RecommendColumns.SEGMENT_SPEND).gt(0), col(RecommendColumns.SPEND).cast(DataTypes.DoubleType)
                .divide(col(RecommendColumns.SEGMENT_SPEND).cast(DataTypes.DoubleType)))
                .as(RecommendColumns.SPEND_SHARE),
            col(RecommendColumns.ALL_CUSTOMERS), col(RecommendColumns.CATEGORY_CUSTOMERS),
            customerShare.divide(overallShare).as(RecommendColumns.LIFT));
  }

  private SegmentAffinity() {}
}
