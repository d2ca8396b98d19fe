package com.custseg.features;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.io.TransactionColumns;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Per-customer RFM state that merges exactly: the sums, counts, first and last dates and category sets behind every
 * feature of {@link RfmFeatures#rfmPerCustomer} except the windowed ones. The state of the lines before snapshot P
 * merged with the state of the lines from P on equals the state of all lines, provided the two sets share no purchase
 * day (true when they are split by date) and no purchase order (an order's purchase lines all fall on one side of P):
 * then distinct orders and purchase days add up. The windowed figures (last 90 / 365 days, the 90 before) depend on
 * the snapshot date and are computed from the lines of the last year, which {@link #rfmPerCustomer} takes beside the
 * state.
 *
 * <p>{@link #LINES}, {@link #PURCHASE_LINES} and {@link #CATEGORY_LINES} feed no feature: with {@link #NET_AMOUNT}
 * they let a refresh check that the old part of the input is still what the stored state was built from.
 */
public final class RfmAggregates {
  public static final String LINES = "lines";
  public static final String PURCHASE_LINES = "purchase_lines";
  /** Purchase lines with a category. */
  public static final String CATEGORY_LINES = "category_lines";
  /** Distinct purchase orders. */
  public static final String ORDERS = "orders";
  /** Sum of every line's amount, returns included. */
  public static final String NET_AMOUNT = "net_amount";
  public static final String FIRST_PURCHASE_DATE = RfmColumns.FIRST_PURCHASE_DATE;
  public static final String LAST_PURCHASE_DATE = RfmColumns.LAST_PURCHASE_DATE;
  /** Distinct categories of purchase lines, sorted; empty without any. */
  public static final String CATEGORIES = "categories";
  /** Days with a purchase line. */
  public static final String PURCHASE_DAYS = "purchase_days";
  /** Spend (every line, returns too) of the days with a purchase line. */
  public static final String PURCHASE_DAYS_SPEND = "purchase_days_spend";
  /** Spend of the first purchase day. */
  public static final String FIRST_DAY_SPEND = "first_day_spend";

  /** The types Spark gives the sums in {@link RfmFeatures}; kept so merged sums divide and round the same way. */
  private static final DataType LINE_SUM = DataTypes.createDecimalType(28, 2);
  private static final DataType DAYS_SUM = DataTypes.createDecimalType(38, 2);

  public static final StructType SCHEMA = new StructType()
      .add(TransactionColumns.CUSTOMER_ID, DataTypes.StringType, false)
      .add(LINES, DataTypes.LongType, false)
      .add(PURCHASE_LINES, DataTypes.LongType, false)
      .add(CATEGORY_LINES, DataTypes.LongType, false)
      .add(ORDERS, DataTypes.LongType, false)
      .add(NET_AMOUNT, LINE_SUM, true)
      .add(FIRST_PURCHASE_DATE, DataTypes.DateType, true)
      .add(LAST_PURCHASE_DATE, DataTypes.DateType, true)
      .add(CATEGORIES, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add(PURCHASE_DAYS, DataTypes.LongType, false)
      .add(PURCHASE_DAYS_SPEND, DAYS_SUM, true)
      .add(FIRST_DAY_SPEND, LINE_SUM, true);

  private static final String PREVIOUS = "_previous_";
  private static final String ADDED = "_added_";

  /** The state of {@code transactions} ({@link TransactionColumns#SCHEMA}), one row per customer with a line. */
  public static Dataset<Row> aggregate(Dataset<Row> transactions) {
    Column purchase = not(col(TransactionColumns.IS_RETURN));
    Dataset<Row> lines = transactions
        .groupBy(col(TransactionColumns.CUSTOMER_ID))
        .agg(count(lit(1)).as(LINES),
            count(when(purchase, lit(1))).as(PURCHASE_LINES),
            count(when(purchase, col(TransactionColumns.CATEGORY))).as(CATEGORY_LINES),
            count_distinct(when(purchase, col(TransactionColumns.ORDER_ID))).as(ORDERS),
            sum(col(TransactionColumns.AMOUNT)).as(NET_AMOUNT),
            array_sort(collect_set(when(purchase, col(TransactionColumns.CATEGORY)))).as(CATEGORIES));
    Dataset<Row> days = RfmFeatures.purchaseDays(RfmFeatures.orderDays(transactions));
    Dataset<Row> joined = lines.join(days,
        lines.col(TransactionColumns.CUSTOMER_ID).equalTo(days.col(RfmFeatures.REPEAT_CUSTOMER_ID)), "left");
    return joined.select(
        col(TransactionColumns.CUSTOMER_ID),
        col(LINES), col(PURCHASE_LINES), col(CATEGORY_LINES), col(ORDERS),
        col(NET_AMOUNT).cast(LINE_SUM).as(NET_AMOUNT),
        col(RfmFeatures.FIRST_DAY).as(FIRST_PURCHASE_DATE),
        col(RfmFeatures.LAST_DAY).as(LAST_PURCHASE_DATE),
        col(CATEGORIES),
        coalesce(col(RfmColumns.ACTIVE_DAYS), lit(0L)).as(PURCHASE_DAYS),
        col(RfmFeatures.DAYS_SPEND).cast(DAYS_SUM).as(PURCHASE_DAYS_SPEND),
        col(RfmFeatures.FIRST_DAY_SPEND).cast(LINE_SUM).as(FIRST_DAY_SPEND));
  }

  /**
   * The state of the lines of {@code previous} and {@code added} together, when every line of {@code added} is
   * dated after every line of {@code previous} (checked by the caller): counts and sums add up, dates take the
   * earliest and latest, category sets unite, and the first day's spend is the earlier side's.
   */
  public static Dataset<Row> merge(Dataset<Row> previous, Dataset<Row> added) {
    Dataset<Row> p = prefixed(previous, PREVIOUS);
    Dataset<Row> a = prefixed(added, ADDED);
    Dataset<Row> joined = p.join(a, p.col(PREVIOUS + TransactionColumns.CUSTOMER_ID)
        .equalTo(a.col(ADDED + TransactionColumns.CUSTOMER_ID)), "full_outer");
    Column previousBought = col(PREVIOUS + PURCHASE_DAYS).gt(0);
    return joined.select(
        coalesce(col(PREVIOUS + TransactionColumns.CUSTOMER_ID), col(ADDED + TransactionColumns.CUSTOMER_ID))
            .as(TransactionColumns.CUSTOMER_ID),
        added(LINES), added(PURCHASE_LINES), added(CATEGORY_LINES), added(ORDERS),
        // Both sides may be null (no line) but never both at once: a null side adds nothing.
        addedMoney(NET_AMOUNT, LINE_SUM),
        least(col(PREVIOUS + FIRST_PURCHASE_DATE), col(ADDED + FIRST_PURCHASE_DATE)).as(FIRST_PURCHASE_DATE),
        greatest(col(PREVIOUS + LAST_PURCHASE_DATE), col(ADDED + LAST_PURCHASE_DATE)).as(LAST_PURCHASE_DATE),
        when(col(PREVIOUS + CATEGORIES).isNull(), col(ADDED + CATEGORIES))
            .when(col(ADDED + CATEGORIES).isNull(), col(PREVIOUS + CATEGORIES))
            .otherwise(array_sort(array_union(col(PREVIOUS + CATEGORIES), col(ADDED + CATEGORIES))))
            .as(CATEGORIES),
        added(PURCHASE_DAYS),
        addedMoney(PURCHASE_DAYS_SPEND, DAYS_SUM),
        when(previousBought, col(PREVIOUS + FIRST_DAY_SPEND)).otherwise(col(ADDED + FIRST_DAY_SPEND))
            .cast(LINE_SUM).as(FIRST_DAY_SPEND));
  }

  /**
   * The features of {@link RfmFeatures#rfmPerCustomer} (same columns, order and types) from the state of every line
   * before {@code asOf} and the lines of the last {@link RfmFeatures#YEAR_WINDOW_DAYS} days before it (older lines may
   * be included; they do not count).
   */
  public static Dataset<Row> rfmPerCustomer(Dataset<Row> aggregates, Dataset<Row> lastYear, LocalDate asOf,
      boolean categoryMapped) {
    List<Column> windowed = RfmFeatures.windowedFigures();
    Dataset<Row> windows = RfmFeatures.orderFigures(RfmFeatures.orderDays(lastYear), asOf)
        .groupBy(col(TransactionColumns.CUSTOMER_ID).as(ADDED))
        .agg(windowed.get(0), windowed.subList(1, windowed.size()).toArray(Column[]::new));
    Dataset<Row> joined = aggregates.join(windows,
        aggregates.col(TransactionColumns.CUSTOMER_ID).equalTo(windows.col(ADDED)), "left");

    Column zeroMoney = lit(BigDecimal.ZERO).cast(TransactionColumns.MONEY);
    List<Column> out = new ArrayList<>(List.of(
        col(TransactionColumns.CUSTOMER_ID),
        col(ORDERS).as(RfmColumns.FREQUENCY),
        col(NET_AMOUNT).cast(TransactionColumns.MONEY).as(RfmColumns.MONETARY),
        col(FIRST_PURCHASE_DATE).as(RfmColumns.FIRST_PURCHASE_DATE),
        col(LAST_PURCHASE_DATE).as(RfmColumns.LAST_PURCHASE_DATE)));
    // Customers without a line in the last year: 0.00 spend and 0 orders, as the full aggregation gives them.
    List<String> orderCounts = List.of(RfmColumns.ORDERS_90D, RfmColumns.ORDERS_365D);
    for (String name : List.of(RfmColumns.SPEND_90D, RfmColumns.ORDERS_90D, RfmColumns.SPEND_365D,
        RfmColumns.ORDERS_365D, RfmColumns.SPEND_PREV_90D)) {
      out.add(coalesce(col(name), orderCounts.contains(name) ? lit(0L) : zeroMoney).as(name));
    }
    out.add((categoryMapped ? size(col(CATEGORIES)).cast(DataTypes.LongType) : lit(null).cast(DataTypes.LongType))
        .as(RfmColumns.CATEGORY_BREADTH));
    Dataset<Row> lines = joined.select(out.toArray(Column[]::new))
        .transform(d -> RfmFeatures.withLineFeatures(d, asOf));

    Dataset<Row> days = aggregates.where(col(PURCHASE_DAYS).gt(0)).select(
        col(TransactionColumns.CUSTOMER_ID).as(RfmFeatures.REPEAT_CUSTOMER_ID),
        col(PURCHASE_DAYS).as(RfmColumns.ACTIVE_DAYS),
        col(FIRST_PURCHASE_DATE).as(RfmFeatures.FIRST_DAY),
        col(LAST_PURCHASE_DATE).as(RfmFeatures.LAST_DAY),
        col(PURCHASE_DAYS_SPEND).as(RfmFeatures.DAYS_SPEND),
        col(FIRST_DAY_SPEND).as(RfmFeatures.FIRST_DAY_SPEND));
    return RfmFeatures.withRepeatSummary(lines, days, asOf);
  }

  /**
   * Totals of a state over all customers: lines, purchase lines, purchase lines with a category and net amount, one
   * row. The same totals of the lines the state was built from must match for the state to describe them.
   */
  public static Dataset<Row> totalsOfState(Dataset<Row> aggregates) {
    return aggregates.agg(sum(col(LINES)).as(LINES), sum(col(PURCHASE_LINES)).as(PURCHASE_LINES),
        sum(col(CATEGORY_LINES)).as(CATEGORY_LINES), sum(col(NET_AMOUNT)).cast(DAYS_SUM).as(NET_AMOUNT));
  }

  /** The totals of {@link #totalsOfState} computed from transaction lines directly (no grouping). */
  public static Dataset<Row> totalsOfLines(Dataset<Row> transactions) {
    Column purchase = not(col(TransactionColumns.IS_RETURN));
    return transactions.agg(count(lit(1)).as(LINES), count(when(purchase, lit(1))).as(PURCHASE_LINES),
        count(when(purchase, col(TransactionColumns.CATEGORY))).as(CATEGORY_LINES),
        sum(col(TransactionColumns.AMOUNT)).cast(DAYS_SUM).as(NET_AMOUNT));
  }

  /**
   * The lines the windowed figures of {@code asOf} need: those of the last {@link RfmFeatures#YEAR_WINDOW_DAYS} days
   * before it (the filter skips older files of a Delta table by their date statistics).
   */
  public static Dataset<Row> lastYear(Dataset<Row> transactions, LocalDate asOf) {
    return transactions.where(col(TransactionColumns.ORDER_DATE)
        .geq(lit(java.sql.Date.valueOf(asOf.minusDays(RfmFeatures.YEAR_WINDOW_DAYS)))));
  }

  private static Dataset<Row> prefixed(Dataset<Row> state, String prefix) {
    return state.select(java.util.Arrays.stream(SCHEMA.fieldNames())
        .map(name -> col(name).as(prefix + name)).toArray(Column[]::new));
  }

  private static Column added(String name) {
    return coalesce(col(PREVIOUS + name), lit(0L)).plus(coalesce(col(ADDED + name), lit(0L))).as(name);
  }

  private static Column addedMoney(String name, DataType type) {
    Column previous = col(PREVIOUS + name);
    Column added = col(ADDED + name);
    return when(previous.isNull(), added).when(added.isNull(), previous).otherwise(previous.plus(added))
        .cast(type).as(name);
  }

  private RfmAggregates() {}
}
