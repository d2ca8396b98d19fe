package com.custseg.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.io.TransactionColumns;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What each customer bought of each category in a period: the ratings, the exclusions and the holdout truth. */
public final class Purchases {
  /**
   * One row per customer x category bought in [{@code from}, {@code until}): distinct purchase days, net spend and
   * the first purchase day. Lines without a category are left out; a category only returned is not "bought".
   */
  public static Dataset<Row> between(Dataset<Row> transactions, LocalDate from, LocalDate until) {
    Dataset<Row> lines = transactions
        .where(col(TransactionColumns.CATEGORY).isNotNull()
            .and(col(TransactionColumns.ORDER_DATE).geq(lit(Date.valueOf(from))))
            .and(col(TransactionColumns.ORDER_DATE).lt(lit(Date.valueOf(until)))));
    return lines.groupBy(col(TransactionColumns.CUSTOMER_ID).as(RecommendColumns.CUSTOMER_ID),
            col(TransactionColumns.CATEGORY).as(RecommendColumns.CATEGORY))
        .agg(countDistinct(when(col(TransactionColumns.IS_RETURN).equalTo(false), col(TransactionColumns.ORDER_DATE)))
                .as(RecommendColumns.DAYS),
            sum(col(TransactionColumns.AMOUNT)).as(RecommendColumns.SPEND),
            min(when(col(TransactionColumns.IS_RETURN).equalTo(false), col(TransactionColumns.ORDER_DATE)))
                .as(RecommendColumns.FIRST_DAY))
        .where(col(RecommendColumns.DAYS).gt(0));
  }

  /**
   * The holdout truth: customer_id, category for the categories a customer of {@code calibration} (the purchases
   * before {@code end}) first bought in [{@code end}, {@code until}), never before {@code end}.
   */
  public static Dataset<Row> firstBoughtAfter(Dataset<Row> transactions, Dataset<Row> calibration, LocalDate end,
      LocalDate until) {
    Dataset<Row> everBefore = between(transactions, LocalDate.of(1900, 1, 1), end)
        .select(RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY);
    Dataset<Row> after = between(transactions, end, until)
        .select(RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY);
    Dataset<Row> known = calibration.select(RecommendColumns.CUSTOMER_ID).distinct();
    return after.join(everBefore, new String[] {RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY},
        "left_anti").join(known, RecommendColumns.CUSTOMER_ID);
  }

  private Purchases() {}
}
