package com.custseg.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.cume_dist;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.io.CustomerColumns;
import com.custseg.io.TransactionColumns;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Per-customer features of why a customer buys (README "Definitions"), from the purchase lines of the whole
 * history before the snapshot (returns left out): the discount share, the price level within each category, and
 * how concentrated the spend is on brands and on categories. The lines are shuffled once, by customer, into one
 * cell per customer, category and brand; every feature is computed from those cells.
 *
 * <p>They are computed from all lines on every run, incremental RFM or not: a customer's price level is a rank
 * among every buyer of the category, which changes with other customers' purchases and so cannot be merged from a
 * stored per-customer state.
 */
public final class MotiveFeatures {
  private static final String MOTIVE_CUSTOMER_ID = "_motive_customer_id";
  private static final String SPEND = "_spend";
  private static final String UNITS = "_units";
  private static final String DISCOUNTED = "_discounted_spend";
  private static final String KNOWN = "_known_discount_spend";
  private static final String PERCENTILE = "_price_percentile";
  private static final String WEIGHTED = "_weighted_percentile";
  private static final String SQUARES = "_spend_squares";
  private static final int DECIMALS = 4;

  /**
   * One row per customer with a purchase line: discount_share (null when no line's discount is known), price_level
   * and category_concentration (null without a categorized purchase of positive spend), brand_concentration (null
   * without a branded one).
   *
   * <p>price_level: per category, each buyer's average unit price (spend / units; a line without a quantity is one
   * unit) is placed among the category's buyers by its mid-percentile, (buyers below + half the buyers at the same
   * price) / buyers, so that a lone buyer or a price everyone pays is 0.5; the customer's percentiles are averaged
   * weighted by the category's spend.
   */
  public static Dataset<Row> perCustomer(Dataset<Row> transactions) {
    Column amount = col(TransactionColumns.AMOUNT);
    Column discount = col(TransactionColumns.DISCOUNT);
    Dataset<Row> cells = transactions.where(not(col(TransactionColumns.IS_RETURN)))
        .repartition(col(TransactionColumns.CUSTOMER_ID))
        .groupBy(col(TransactionColumns.CUSTOMER_ID), col(TransactionColumns.CATEGORY), col(TransactionColumns.BRAND))
        .agg(sum(amount).as(SPEND),
            sum(coalesce(col(TransactionColumns.QUANTITY), lit(BigDecimal.ONE))).as(UNITS),
            sum(when(discount.gt(0), amount).otherwise(lit(BigDecimal.ZERO))).as(DISCOUNTED),
            sum(when(discount.isNotNull(), amount)).as(KNOWN));

    Dataset<Row> discounts = cells.groupBy(col(TransactionColumns.CUSTOMER_ID).as(MOTIVE_CUSTOMER_ID))
        .agg(sum(col(DISCOUNTED)).as(DISCOUNTED), sum(col(KNOWN)).as(KNOWN))
        .select(col(MOTIVE_CUSTOMER_ID), when(col(KNOWN).gt(0),
            round(col(DISCOUNTED).cast(DataTypes.DoubleType).divide(col(KNOWN).cast(DataTypes.DoubleType)),
                DECIMALS)).as(MotiveColumns.DISCOUNT_SHARE));

    Dataset<Row> byCategory = positiveSpend(cells, TransactionColumns.CATEGORY);
    WindowSpec category = Window.partitionBy(col(TransactionColumns.CATEGORY));
    WindowSpec byPrice = category.orderBy(col(SPEND).divide(col(UNITS)));
    Column buyers = count(lit(1)).over(category);
    Column midPercentile = rank().over(byPrice).minus(1).divide(buyers).plus(cume_dist().over(byPrice)).divide(2);
    Dataset<Row> categories = byCategory.withColumn(PERCENTILE, midPercentile)
        .groupBy(col(TransactionColumns.CUSTOMER_ID))
        .agg(sum(col(SPEND)).as(SPEND),
            sum(col(SPEND).multiply(col(PERCENTILE))).as(WEIGHTED),
            sum(pow(col(SPEND), 2)).as(SQUARES))
        .select(col(TransactionColumns.CUSTOMER_ID),
            round(col(WEIGHTED).divide(col(SPEND)), DECIMALS).as(MotiveColumns.PRICE_LEVEL),
            round(col(SQUARES).divide(pow(col(SPEND), 2)), DECIMALS).as(MotiveColumns.CATEGORY_CONCENTRATION));

    Dataset<Row> brands = positiveSpend(cells, TransactionColumns.BRAND)
        .groupBy(col(TransactionColumns.CUSTOMER_ID))
        .agg(sum(col(SPEND)).as(SPEND), sum(pow(col(SPEND), 2)).as(SQUARES))
        .select(col(TransactionColumns.CUSTOMER_ID),
            round(col(SQUARES).divide(pow(col(SPEND), 2)), DECIMALS).as(MotiveColumns.BRAND_CONCENTRATION));

    return discounts
        .join(categories, discounts.col(MOTIVE_CUSTOMER_ID).equalTo(categories.col(TransactionColumns.CUSTOMER_ID)),
            "left").drop(categories.col(TransactionColumns.CUSTOMER_ID))
        .join(brands, col(MOTIVE_CUSTOMER_ID).equalTo(brands.col(TransactionColumns.CUSTOMER_ID)), "left")
        .select(col(MOTIVE_CUSTOMER_ID), col(MotiveColumns.DISCOUNT_SHARE), col(MotiveColumns.PRICE_LEVEL),
            col(MotiveColumns.BRAND_CONCENTRATION), col(MotiveColumns.CATEGORY_CONCENTRATION));
  }

  /**
   * Every customer with the motive features ({@link MotiveColumns#ALL}): from {@code perCustomer}, null for a
   * customer without purchase lines; all null without it (the transactions map none of the fields they need).
   */
  public static Dataset<Row> withMotiveFeatures(Dataset<Row> customers, Optional<Dataset<Row>> perCustomer) {
    if (perCustomer.isEmpty()) {
      Dataset<Row> out = customers;
      for (String c : MotiveColumns.ALL) {
        out = out.withColumn(c, lit(null).cast(DataTypes.DoubleType));
      }
      return out;
    }
    Dataset<Row> features = perCustomer.get();
    return customers.join(features,
        customers.col(CustomerColumns.CUSTOMER_ID).equalTo(features.col(MOTIVE_CUSTOMER_ID)), "left")
        .drop(MOTIVE_CUSTOMER_ID);
  }

  /** The spend (as double) and units of each customer and {@code key} (category or brand), where spend is positive. */
  private static Dataset<Row> positiveSpend(Dataset<Row> cells, String key) {
    return cells.where(col(key).isNotNull())
        .groupBy(col(TransactionColumns.CUSTOMER_ID), col(key))
        .agg(sum(col(SPEND)).cast(DataTypes.DoubleType).as(SPEND), sum(col(UNITS)).as(UNITS))
        .where(col(SPEND).gt(0));
  }

  private MotiveFeatures() {}
}
