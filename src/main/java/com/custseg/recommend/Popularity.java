package com.custseg.recommend;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * The two baselines ALS is measured against, and the fallback for customers it cannot score: the categories most
 * customers bought (global popularity), and the categories that over-index most in the customer's segment (segment
 * popularity, by lift in segment_affinity).
 */
public final class Popularity {
  /**
   * Global popularity: for each of {@code customers} (customer_id), the {@code n} categories bought by the most
   * customers in {@code purchases} that the customer has not bought; score = buyers of the category.
   */
  public static Dataset<Row> global(Dataset<Row> purchases, Dataset<Row> customers, Dataset<Row> bought, int n) {
    int candidates = n + TopN.mostBought(bought);
    Dataset<Row> top = purchases.groupBy(RecommendColumns.CATEGORY)
        .agg(count(lit(1)).cast(DataTypes.DoubleType).as(RecommendColumns.SCORE))
        .orderBy(col(RecommendColumns.SCORE).desc(), col(RecommendColumns.CATEGORY)).limit(candidates);
    return TopN.excludingBought(customers.select(RecommendColumns.CUSTOMER_ID).crossJoin(broadcast(top)), bought, n);
  }

  /**
   * Segment popularity: for each of {@code customers} (customer_id and the {@code dimension} column), the {@code n}
   * categories with the highest lift in the customer's segment ({@code affinity} rows of that dimension) that the
   * customer has not bought; score = lift.
   */
  public static Dataset<Row> segment(Dataset<Row> affinity, String dimension, Dataset<Row> customers,
      Dataset<Row> bought, int n) {
    int candidates = n + TopN.mostBought(bought);
    var byLift = Window.partitionBy(RecommendColumns.SEGMENT)
        .orderBy(col(RecommendColumns.LIFT).desc(), col(RecommendColumns.CATEGORY));
    Dataset<Row> top = affinity.where(col(RecommendColumns.DIMENSION).equalTo(dimension))
        .withColumn("pos", row_number().over(byLift)).where(col("pos").leq(candidates))
        .select(col(RecommendColumns.SEGMENT), col(RecommendColumns.CATEGORY),
            col(RecommendColumns.LIFT).as(RecommendColumns.SCORE));
    Dataset<Row> members = customers.select(col(RecommendColumns.CUSTOMER_ID),
        col(dimension).cast(DataTypes.StringType).as(RecommendColumns.SEGMENT));
    return TopN.excludingBought(members.join(broadcast(top), RecommendColumns.SEGMENT)
        .drop(RecommendColumns.SEGMENT), bought, n);
  }

  private Popularity() {}
}
