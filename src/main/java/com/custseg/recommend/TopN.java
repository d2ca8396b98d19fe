package com.custseg.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** The best {@code n} candidate categories per customer that the customer has not bought. */
public final class TopN {
  /**
   * @param candidates customer_id, category, score (higher is better)
   * @param bought customer_id, category: what each customer bought (never recommended to them)
   * @return customer_id, rank (1 = best), category, score; ties broken by category, so the order is stable
   */
  public static Dataset<Row> excludingBought(Dataset<Row> candidates, Dataset<Row> bought, int n) {
    Dataset<Row> fresh = candidates.join(bought.select(RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY),
        new String[] {RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY}, "left_anti");
    // Partitioned by customer: each customer's candidates are ranked on their own, no global sort.
    var byScore = Window.partitionBy(RecommendColumns.CUSTOMER_ID)
        .orderBy(col(RecommendColumns.SCORE).desc(), col(RecommendColumns.CATEGORY));
    return fresh.withColumn(RecommendColumns.RANK, row_number().over(byScore))
        .where(col(RecommendColumns.RANK).leq(n))
        .select(RecommendColumns.CUSTOMER_ID, RecommendColumns.RANK, RecommendColumns.CATEGORY,
            RecommendColumns.SCORE);
  }

  /** The most categories one customer bought: how many candidates beyond n each customer may need. */
  public static int mostBought(Dataset<Row> bought) {
    Row r = bought.groupBy(RecommendColumns.CUSTOMER_ID).agg(countDistinct(RecommendColumns.CATEGORY).as("n"))
        .agg(max("n")).first();
    return r.isNullAt(0) ? 0 : (int) r.getLong(0);
  }

  private TopN() {}
}
