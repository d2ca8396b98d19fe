package com.custseg.recommend;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Precision, recall and average precision at n of recommendations against what each customer went on to buy. A
 * customer's truth is the set of categories first bought after the calibration end; every customer with a truth
 * counts, with 0 when nothing was recommended to them. AP@n = (1 / min(|truth|, n)) x sum over the ranks k &le; n
 * that hit of (hits in the first k) / k; MAP@n is its mean.
 */
public final class HoldoutMetrics {
  private static final String HIT = "hit";
  private static final String HITS_SO_FAR = "hits_so_far";
  private static final String TRUTH_SIZE = "truth_size";
  public static final String HITS = "hits";
  public static final String AP = "average_precision";

  /**
   * One row per customer of {@code truth}: customer_id, hits, truth_size, precision_at_n, recall_at_n,
   * average_precision.
   *
   * @param recommended customer_id, rank, category (ranks 1..n)
   * @param truth customer_id, category
   */
  public static Dataset<Row> perCustomer(Dataset<Row> recommended, Dataset<Row> truth, int n) {
    Dataset<Row> sizes = truth.groupBy(RecommendColumns.CUSTOMER_ID).agg(count(lit(1)).as(TRUTH_SIZE));
    Dataset<Row> marked = recommended.where(col(RecommendColumns.RANK).leq(n))
        .join(truth.withColumn(HIT, lit(1)), new String[] {RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY},
            "left")
        .withColumn(HIT, coalesce(col(HIT), lit(0)))
        .withColumn(HITS_SO_FAR, sum(HIT).over(Window.partitionBy(RecommendColumns.CUSTOMER_ID)
            .orderBy(RecommendColumns.RANK)));
    Column precisionAtHit = when(col(HIT).equalTo(1), col(HITS_SO_FAR).cast(DataTypes.DoubleType)
        .divide(col(RecommendColumns.RANK))).otherwise(0.0);
    Dataset<Row> perRecommended = marked.groupBy(RecommendColumns.CUSTOMER_ID)
        .agg(sum(HIT).as(HITS), sum(precisionAtHit).as("precision_sum"));
    Column hits = coalesce(col(HITS), lit(0L));
    return sizes.join(perRecommended, new String[] {RecommendColumns.CUSTOMER_ID}, "left")
        .select(col(RecommendColumns.CUSTOMER_ID), hits.as(HITS), col(TRUTH_SIZE),
            hits.cast(DataTypes.DoubleType).divide(n).as(RecommendColumns.PRECISION),
            hits.cast(DataTypes.DoubleType).divide(col(TRUTH_SIZE)).as(RecommendColumns.RECALL),
            coalesce(col("precision_sum"), lit(0.0)).divide(least(col(TRUTH_SIZE), lit(n)))
                .as(AP));
  }

  /**
   * The means of {@link #perCustomer} rows per segment and over all ({@link RecommendColumns#ALL}): method, segment,
   * customers, precision_at_n, recall_at_n, map_at_n.
   *
   * @param perCustomer rows of {@link #perCustomer} with a {@code segment} column
   */
  public static Dataset<Row> bySegment(Dataset<Row> perCustomer, String method) {
    Column[] means = {count(lit(1)).as(RecommendColumns.CUSTOMERS),
        avg(RecommendColumns.PRECISION).as(RecommendColumns.PRECISION),
        avg(RecommendColumns.RECALL).as(RecommendColumns.RECALL), avg(AP).as(RecommendColumns.MAP)};
    Dataset<Row> segments = perCustomer.groupBy(RecommendColumns.SEGMENT).agg(means[0], means[1], means[2],
        means[3]);
    Dataset<Row> all = perCustomer.agg(means[0], means[1], means[2], means[3])
        .withColumn(RecommendColumns.SEGMENT, lit(RecommendColumns.ALL));
    return segments.unionByName(all).withColumn(RecommendColumns.METHOD, lit(method))
        .select(RecommendColumns.METHOD, RecommendColumns.SEGMENT, RecommendColumns.CUSTOMERS,
            RecommendColumns.PRECISION, RecommendColumns.RECALL, RecommendColumns.MAP);
  }

  private HoldoutMetrics() {}
}
