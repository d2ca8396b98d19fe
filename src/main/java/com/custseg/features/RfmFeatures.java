package com.custseg.features;

import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.io.CustomerColumns;
import com.custseg.io.TransactionColumns;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Recency, frequency, monetary value and the behaviour features around them, per customer as of a snapshot date.
 * Transactions must already be cut to the snapshot (dated strictly before it); return lines net against spend but
 * are not orders or purchases. Every definition is in the README ("Definitions") and on {@link RfmColumns}.
 *
 * <p>Aggregations grouped by customer (no global ordering), joined on the customer id: one over orders (orders, spend,
 * windows), one over purchase days (the lifetimes summary) and, with a category column, one over categories.
 */
public final class RfmFeatures {
  /** Length of the short window and of the window before it that the spend trend compares. */
  public static final int SHORT_WINDOW_DAYS = 90;
  public static final int YEAR_WINDOW_DAYS = 365;

  private static final String DAY_SPEND = "_day_spend";
  private static final String DAY_HAS_PURCHASE = "_day_has_purchase";
  /** Columns of {@link #purchaseDays}, the input of the repeat summary. */
  static final String FIRST_DAY = "_first_day";
  static final String LAST_DAY = "_last_day";
  static final String DAYS_SPEND = "_days_spend";
  static final String FIRST_DAY_SPEND = "_first_day_spend";
  static final String REPEAT_CUSTOMER_ID = "_repeat_customer_id";
  /** Columns of {@link #orderDays}. */
  /** Net amount in cents (a long: sums of longs are far cheaper than of wide decimals; exact for money). */
  static final String ORDER_DAY_CENTS = "_order_day_cents";
  static final String ORDER_DAY_PURCHASE = "_order_day_purchase";
  /** The types Spark gives a sum of amounts over lines, and a sum of those sums (kept for the repeat summary). */
  private static final DecimalType LINE_SUM = DataTypes.createDecimalType(28, 2);
  private static final DecimalType SUM_OF_SUMS = DataTypes.createDecimalType(38, 2);
  /** Columns of {@link #orderFigures}. */
  static final String ORDER_CENTS = "_order_cents";
  static final String ORDER_CENTS_90D = "_order_cents_90d";
  static final String ORDER_CENTS_365D = "_order_cents_365d";
  static final String ORDER_CENTS_PREV_90D = "_order_cents_prev_90d";
  static final String ORDER_IS_PURCHASE = "_order_is_purchase";
  static final String ORDER_PURCHASE_90D = "_order_purchase_90d";
  static final String ORDER_PURCHASE_365D = "_order_purchase_365d";
  static final String ORDER_FIRST_PURCHASE = "_order_first_purchase";
  static final String ORDER_LAST_PURCHASE = "_order_last_purchase";
  private static final String CATEGORY_CUSTOMER_ID = "_category_customer_id";

  /** {@link #rfmPerCustomer(Dataset, LocalDate, boolean)} for a source without a category column. */
  public static Dataset<Row> rfmPerCustomer(Dataset<Row> transactions, LocalDate asOf) {
    return rfmPerCustomer(transactions, asOf, false);
  }

  /**
   * One row per customer that has transactions: every feature of {@link RfmColumns} except the scores.
   *
   * <p>Orders are counted in steps, lines to order-days ({@link #orderDays}), to orders ({@link #orderFigures}), to
   * customers, instead of with one COUNT(DISTINCT order) per window: Spark plans several distinct counts in one
   * aggregation as an Expand that copies every line once per count (six copies here) before the shuffle. With the
   * lines partitioned by customer first, none of the later aggregations shuffles again (on 1M lines about half the CPU
   * time of the distinct counts), and amounts are summed as whole cents in longs, converted back exactly at the end
   * (sums of wide decimals had cost a quarter of the CPU time at 10M lines).
   *
   * @param categoryMapped whether the source maps a category column; without it category_breadth is null
   */
  public static Dataset<Row> rfmPerCustomer(Dataset<Row> input, LocalDate asOf, boolean categoryMapped) {
    // Shuffled once by customer: every aggregation below groups by the customer (and more), so none shuffles again;
    // orders and purchase days both start from the same order-day rows, so they share that one shuffle.
    // (Kept lines always have a customer; stating it keeps both sides of the joins below identical, since Spark
    // would otherwise add the not-null filter to the inner side only and the two could not share the shuffle.)
    Dataset<Row> transactions = input.where(col(TransactionColumns.CUSTOMER_ID).isNotNull())
        .repartition(col(TransactionColumns.CUSTOMER_ID));
    Dataset<Row> orderDays = orderDays(transactions);
    List<Column> figures = new ArrayList<>(List.of(
        money(sum(col(ORDER_CENTS)), TransactionColumns.MONEY).as(RfmColumns.MONETARY),
        min(col(ORDER_FIRST_PURCHASE)).as(RfmColumns.FIRST_PURCHASE_DATE),
        max(col(ORDER_LAST_PURCHASE)).as(RfmColumns.LAST_PURCHASE_DATE)));
    figures.addAll(windowedFigures());
    Dataset<Row> perCustomer = orderFigures(orderDays, asOf)
        .groupBy(col(TransactionColumns.CUSTOMER_ID))
        .agg(count_if(col(ORDER_IS_PURCHASE)).as(RfmColumns.FREQUENCY), figures.toArray(Column[]::new));

    Dataset<Row> lines;
    if (categoryMapped) {
      Dataset<Row> categories = categoryBreadth(transactions);
      lines = perCustomer.join(categories,
              perCustomer.col(TransactionColumns.CUSTOMER_ID).equalTo(categories.col(CATEGORY_CUSTOMER_ID)), "left")
          .drop(CATEGORY_CUSTOMER_ID);
    } else {
      lines = perCustomer.withColumn(RfmColumns.CATEGORY_BREADTH, lit(null).cast(DataTypes.LongType));
    }
    return withRepeatSummary(lines.transform(d -> withLineFeatures(d, asOf)), purchaseDays(orderDays), asOf);
  }

  /**
   * Per customer, order and date: the net amount in cents of the order's lines of that date and whether one is a
   * purchase. Orders and purchase days are both aggregated from these rows ({@link #orderFigures},
   * {@link #purchaseDays}); an order whose lines span days has one row per date.
   */
  static Dataset<Row> orderDays(Dataset<Row> transactions) {
    return transactions
        .groupBy(col(TransactionColumns.CUSTOMER_ID), col(TransactionColumns.ORDER_ID),
            col(TransactionColumns.ORDER_DATE))
        .agg(sum(cents(col(TransactionColumns.AMOUNT))).as(ORDER_DAY_CENTS),
            bool_or(not(col(TransactionColumns.IS_RETURN))).as(ORDER_DAY_PURCHASE));
  }

  /**
   * Per customer and order, from {@link #orderDays}: the order's net amount, overall and in each window (null when
   * none of its lines falls in it), whether it holds a purchase line, overall and in the last 90 and 365 days, and
   * the first and last date of its purchase lines. The windows are measured on each line's own date, so an order
   * whose lines span days counts in a window when one of its purchase lines falls in it, as a distinct count over
   * lines would.
   */
  static Dataset<Row> orderFigures(Dataset<Row> orderDays, LocalDate asOf) {
    Column purchase = col(ORDER_DAY_PURCHASE);
    Column amount = col(ORDER_DAY_CENTS);
    Column daysAgo = datediff(lit(java.sql.Date.valueOf(asOf)), col(TransactionColumns.ORDER_DATE));
    Column last90 = daysAgo.leq(SHORT_WINDOW_DAYS);
    Column prev90 = daysAgo.gt(SHORT_WINDOW_DAYS).and(daysAgo.leq(2 * SHORT_WINDOW_DAYS));
    Column last365 = daysAgo.leq(YEAR_WINDOW_DAYS);
    return orderDays
        .groupBy(col(TransactionColumns.CUSTOMER_ID), col(TransactionColumns.ORDER_ID))
        .agg(sum(amount).as(ORDER_CENTS),
            sum(when(last90, amount)).as(ORDER_CENTS_90D),
            sum(when(last365, amount)).as(ORDER_CENTS_365D),
            sum(when(prev90, amount)).as(ORDER_CENTS_PREV_90D),
            bool_or(purchase).as(ORDER_IS_PURCHASE),
            bool_or(purchase.and(last90)).as(ORDER_PURCHASE_90D),
            bool_or(purchase.and(last365)).as(ORDER_PURCHASE_365D),
            min(when(purchase, col(TransactionColumns.ORDER_DATE))).as(ORDER_FIRST_PURCHASE),
            max(when(purchase, col(TransactionColumns.ORDER_DATE))).as(ORDER_LAST_PURCHASE));
  }

  /**
   * The windowed aggregates (spend and orders of the last 90 and 365 days, spend of the 90 days before the last 90),
   * over {@link #orderFigures} grouped by customer. Only lines of the last {@link #YEAR_WINDOW_DAYS} days contribute.
   */
  static List<Column> windowedFigures() {
    return List.of(
        spendOf(ORDER_CENTS_90D).as(RfmColumns.SPEND_90D),
        count_if(col(ORDER_PURCHASE_90D)).as(RfmColumns.ORDERS_90D),
        spendOf(ORDER_CENTS_365D).as(RfmColumns.SPEND_365D),
        count_if(col(ORDER_PURCHASE_365D)).as(RfmColumns.ORDERS_365D),
        spendOf(ORDER_CENTS_PREV_90D).as(RfmColumns.SPEND_PREV_90D));
  }

  /** Distinct non-empty categories of each customer's purchase lines (as {@link #CATEGORY_CUSTOMER_ID}). */
  private static Dataset<Row> categoryBreadth(Dataset<Row> transactions) {
    return transactions
        .where(not(col(TransactionColumns.IS_RETURN)))
        .groupBy(col(TransactionColumns.CUSTOMER_ID).as(CATEGORY_CUSTOMER_ID))
        .agg(count_distinct(col(TransactionColumns.CATEGORY)).as(RfmColumns.CATEGORY_BREADTH));
  }

  /**
   * From the per-customer line aggregates (frequency, monetary, first and last purchase date, the windowed figures,
   * category breadth) to the features derived from them: recency, tenure, order value, spend trend.
   */
  static Dataset<Row> withLineFeatures(Dataset<Row> lines, LocalDate asOf) {
    Column snapshot = lit(java.sql.Date.valueOf(asOf));
    return lines
        .withColumn(RfmColumns.RECENCY_DAYS, datediff(snapshot, col(RfmColumns.LAST_PURCHASE_DATE)))
        .withColumn(RfmColumns.TENURE_DAYS, datediff(snapshot, col(RfmColumns.FIRST_PURCHASE_DATE)))
        .withColumn(RfmColumns.AVG_ORDER_VALUE, when(col(RfmColumns.FREQUENCY).gt(0),
            col(RfmColumns.MONETARY).divide(col(RfmColumns.FREQUENCY))).cast(TransactionColumns.MONEY))
        .withColumn(RfmColumns.CATEGORY_BREADTH,
            when(col(RfmColumns.FREQUENCY).gt(0), col(RfmColumns.CATEGORY_BREADTH)))
        .transform(RfmFeatures::withSpendTrend);
  }

  /**
   * Per customer with a purchase (as {@link #REPEAT_CUSTOMER_ID}), from {@link #orderDays}: days with a purchase
   * line, the first and the last of them, the spend of those days (every line of the day, returns too) and of the
   * first one. Lines are summed per day and days without a purchase line are not counted.
   */
  static Dataset<Row> purchaseDays(Dataset<Row> orderDays) {
    return orderDays
        .groupBy(col(TransactionColumns.CUSTOMER_ID), col(TransactionColumns.ORDER_DATE))
        .agg(bool_or(col(ORDER_DAY_PURCHASE)).as(DAY_HAS_PURCHASE),
            sum(col(ORDER_DAY_CENTS)).as(DAY_SPEND))
        .filter(col(DAY_HAS_PURCHASE))
        .groupBy(col(TransactionColumns.CUSTOMER_ID).as(REPEAT_CUSTOMER_ID))
        .agg(count(lit(1)).as(RfmColumns.ACTIVE_DAYS),
            min(col(TransactionColumns.ORDER_DATE)).as(FIRST_DAY),
            max(col(TransactionColumns.ORDER_DATE)).as(LAST_DAY),
            // Back to the decimals a sum over lines, and a sum of those, give: the repeat summary divides them.
            money(sum(col(DAY_SPEND)), SUM_OF_SUMS).as(DAYS_SPEND),
            money(min_by(col(DAY_SPEND), col(TransactionColumns.ORDER_DATE)), LINE_SUM).as(FIRST_DAY_SPEND));
  }

  /**
   * The lifetimes summary (summary_data_from_transaction_data, daily periods) of each customer's
   * {@link #purchaseDays}, joined onto {@code lines}: T is measured to the last counted day, snapshot − 1, which is
   * lifetimes' observation_period_end. Customers without a purchase day get nulls.
   */
  static Dataset<Row> withRepeatSummary(Dataset<Row> lines, Dataset<Row> purchaseDays, LocalDate asOf) {
    Column lastCountedDay = date_sub(lit(java.sql.Date.valueOf(asOf)), 1);
    Column activeDays = col(RfmColumns.ACTIVE_DAYS);
    Dataset<Row> repeat = purchaseDays
        .withColumn(RfmColumns.FREQUENCY_REPEAT, activeDays.minus(1))
        .withColumn(RfmColumns.RECENCY_REPEAT, datediff(col(LAST_DAY), col(FIRST_DAY)))
        .withColumn(RfmColumns.T_DAYS, datediff(lastCountedDay, col(FIRST_DAY)))
        .withColumn(RfmColumns.MONETARY_REPEAT, when(activeDays.gt(1),
                col(DAYS_SPEND).minus(col(FIRST_DAY_SPEND)).divide(activeDays.minus(1)))
            .otherwise(lit(BigDecimal.ZERO)).cast(TransactionColumns.MONEY))
        .drop(FIRST_DAY, LAST_DAY, DAYS_SPEND, FIRST_DAY_SPEND);
    return lines.join(repeat, lines.col(TransactionColumns.CUSTOMER_ID).equalTo(repeat.col(REPEAT_CUSTOMER_ID)),
        "left").drop(REPEAT_CUSTOMER_ID);
  }

  /**
   * Every customer with its features; customers without transactions get frequency 0, monetary 0.00, zero windowed
   * orders and spend, 0 active days (and no recency, tenure or lifetimes summary), so that the output has exactly one
   * row per customer. net_spend_not_positive flags the customers with lines whose net spend is ≤ 0.
   */
  public static Dataset<Row> withRfm(Dataset<Row> customers, Dataset<Row> rfm) {
    Dataset<Row> joined = customers.join(rfm, customers.col(CustomerColumns.CUSTOMER_ID)
        .equalTo(rfm.col(TransactionColumns.CUSTOMER_ID)), "left").drop(rfm.col(TransactionColumns.CUSTOMER_ID));
    Column zeroMoney = lit(BigDecimal.ZERO).cast(TransactionColumns.MONEY);
    // Before the fill: monetary is null exactly for customers without any line.
    Dataset<Row> filled = joined.withColumn(RfmColumns.NET_SPEND_NOT_POSITIVE,
        coalesce(col(RfmColumns.MONETARY).leq(0), lit(false)));
    for (String money : new String[] {RfmColumns.MONETARY, RfmColumns.SPEND_90D, RfmColumns.SPEND_365D,
        RfmColumns.SPEND_PREV_90D, RfmColumns.SPEND_CHANGE_90D}) {
      filled = filled.withColumn(money, coalesce(col(money), zeroMoney));
    }
    for (String counter : new String[] {RfmColumns.FREQUENCY, RfmColumns.ORDERS_90D, RfmColumns.ORDERS_365D,
        RfmColumns.ACTIVE_DAYS}) {
      filled = filled.withColumn(counter, coalesce(col(counter), lit(0L)));
    }
    return filled.withColumn(RfmColumns.IS_BUYER, col(RfmColumns.FREQUENCY).gt(0));
  }

  private static Dataset<Row> withSpendTrend(Dataset<Row> rfm) {
    Column last = col(RfmColumns.SPEND_90D);
    Column previous = col(RfmColumns.SPEND_PREV_90D);
    return rfm
        .withColumn(RfmColumns.SPEND_CHANGE_90D, last.minus(previous).cast(TransactionColumns.MONEY))
        .withColumn(RfmColumns.SPEND_TREND_90D, when(previous.gt(0),
            round(last.cast(DataTypes.DoubleType).divide(previous.cast(DataTypes.DoubleType)), 4)));
  }

  /** The sum of an order figure in cents over a customer's orders as money, 0.00 when no line fell in its window. */
  private static Column spendOf(String orderCents) {
    return coalesce(money(sum(col(orderCents)), TransactionColumns.MONEY),
        lit(BigDecimal.ZERO).cast(TransactionColumns.MONEY));
  }

  /** An amount of money (two decimals) as a whole number of cents, exactly. */
  private static Column cents(Column amount) {
    return amount.multiply(lit(100)).cast(DataTypes.LongType);
  }

  /** A whole number of cents back as money of {@code type}, exactly (null stays null). */
  private static Column money(Column cents, DecimalType type) {
    return cents.cast(DataTypes.createDecimalType(20, 0)).divide(lit(100)).cast(type);
  }

  private RfmFeatures() {}
}
