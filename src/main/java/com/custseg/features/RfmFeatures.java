package com.custseg.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.io.CustomerColumns;
import com.custseg.io.TransactionColumns;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Recency, frequency and monetary value per customer as of a snapshot date. Transactions must already be cut to the
 * snapshot (dated strictly before it); return lines net against spend but are not orders or purchases.
 */
public final class RfmFeatures {

  /** One row per customer that has transactions: the RFM aggregate of its lines. */
  public static Dataset<Row> rfmPerCustomer(Dataset<Row> transactions, LocalDate asOf) {
    Column purchase = not(col(TransactionColumns.IS_RETURN));
    return transactions
        .groupBy(col(TransactionColumns.CUSTOMER_ID))
        .agg(
            count_distinct(when(purchase, col(TransactionColumns.ORDER_ID))).as(RfmColumns.FREQUENCY),
            sum(col(TransactionColumns.AMOUNT)).cast(TransactionColumns.MONEY).as(RfmColumns.MONETARY),
            min(when(purchase, col(TransactionColumns.ORDER_DATE))).as(RfmColumns.FIRST_PURCHASE_DATE),
            max(when(purchase, col(TransactionColumns.ORDER_DATE))).as(RfmColumns.LAST_PURCHASE_DATE))
        .withColumn(RfmColumns.RECENCY_DAYS,
            datediff(lit(java.sql.Date.valueOf(asOf)), col(RfmColumns.LAST_PURCHASE_DATE)));
  }

  /**
   * Every customer with its RFM columns; customers without transactions get frequency 0 and monetary 0.00 (and no
   * recency), so that the output has exactly one row per customer.
   */
  public static Dataset<Row> withRfm(Dataset<Row> customers, Dataset<Row> rfm) {
    Dataset<Row> joined = customers.join(rfm, customers.col(CustomerColumns.CUSTOMER_ID)
        .equalTo(rfm.col(TransactionColumns.CUSTOMER_ID)), "left").drop(rfm.col(TransactionColumns.CUSTOMER_ID));
    return joined
        .withColumn(RfmColumns.FREQUENCY, coalesce(col(RfmColumns.FREQUENCY), lit(0L)))
        .withColumn(RfmColumns.MONETARY,
            coalesce(col(RfmColumns.MONETARY), lit(BigDecimal.ZERO).cast(TransactionColumns.MONEY)))
        .withColumn(RfmColumns.IS_BUYER, col(RfmColumns.FREQUENCY).gt(0));
  }

  private RfmFeatures() {}
}
