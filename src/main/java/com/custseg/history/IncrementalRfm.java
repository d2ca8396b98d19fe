package com.custseg.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import com.custseg.features.RfmAggregates;
import com.custseg.io.DeltaTables;
import com.custseg.io.TransactionColumns;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental RFM (segmentation.rfm.incremental): the per-customer state of a snapshot is the previous snapshot's
 * stored state (customer_aggregates) merged with the state of the transactions dated from the
 * previous snapshot on, instead of an aggregation of the whole history.
 *
 * <p>That is exact only when the input is append-only by date: the lines dated before the previous snapshot P must
 * be the very lines the stored state was built from, and no purchase order may have lines on both sides of P. Both
 * are checked, and when a check fails the state is aggregated from all lines instead, with the reason logged:
 * <ul>
 *   <li>the lines of this snapshot dated before P must have the stored state's totals: line count, purchase lines,
 *       purchase lines with a category and net amount (a late line dated before P, a deleted or corrected line, a
 *       changed return rule or category mapping changes them) — one scan of four columns, no shuffle;
 *   <li>no purchase order among the lines of the year before P may also have a purchase line dated P or later (an
 *       order id reused after more than a year is not looked for).
 * </ul>
 */
public final class IncrementalRfm {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementalRfm.class);
  /** How far before the previous snapshot purchase orders are looked for on both sides of it. */
  static final int ORDER_CHECK_DAYS = 365;
  private static final String FIRST_LINE = "_first_line";
  private static final String LAST_LINE = "_last_line";

  /**
   * The state a snapshot's features come from.
   *
   * @param mergedFrom the previous snapshot whose stored state was merged; empty when all lines were aggregated
   * @param reason why (for the log): which snapshot was merged, or why everything was aggregated
   */
  public record State(Dataset<Row> aggregates, Optional<LocalDate> mergedFrom, String reason) {}

  /**
   * The state of {@code transactions} (every line of snapshot {@code asOf}, all dated before it), derived from the
   * latest state stored at {@code aggregatesPath} before {@code asOf} when the checks allow it.
   */
  public static State aggregates(SparkSession spark, String aggregatesPath, Dataset<Row> transactions,
      LocalDate asOf) {
    Optional<LocalDate> previous = SnapshotHistory.previousSnapshot(spark, aggregatesPath, asOf);
    if (previous.isEmpty()) {
      String reason = "no customer_aggregates snapshot before " + asOf + " in " + aggregatesPath;
      LOG.info("incremental RFM for {}: aggregating all transactions: {}", asOf, reason);
      return new State(RfmAggregates.aggregate(transactions), Optional.empty(), reason);
    }
    LocalDate before = previous.get();
    Dataset<Row> stored = DeltaTables.readSnapshot(spark, aggregatesPath, before)
        .select(Arrays.stream(RfmAggregates.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
    Column orderDate = col(TransactionColumns.ORDER_DATE);
    Column fromPrevious = orderDate.geq(lit(Date.valueOf(before)));

    Optional<String> changed = differingTotals(RfmAggregates.totalsOfState(stored).first(),
        RfmAggregates.totalsOfLines(transactions.where(not(fromPrevious))).first());
    if (changed.isPresent()) {
      return allLines(transactions, "the transactions dated before the previous snapshot " + before
          + " are not those its customer_aggregates were built from (" + changed.get() + ")");
    }
    long splitOrders = ordersAcross(transactions, before);
    if (splitOrders > 0) {
      return allLines(transactions, splitOrders + " purchase orders have lines both before and after the previous"
          + " snapshot " + before);
    }
    String reason = "customer_aggregates of " + before + " merged with the transactions from " + before;
    LOG.info("incremental RFM for {}: {}", asOf, reason);
    return new State(RfmAggregates.merge(stored, RfmAggregates.aggregate(transactions.where(fromPrevious))),
        previous, reason);
  }

  /** Purchase orders (per customer) with lines dated both before {@code boundary} and on or after it. */
  static long ordersAcross(Dataset<Row> transactions, LocalDate boundary) {
    Column orderDate = col(TransactionColumns.ORDER_DATE);
    return transactions
        .where(not(col(TransactionColumns.IS_RETURN))
            .and(orderDate.geq(lit(Date.valueOf(boundary.minusDays(ORDER_CHECK_DAYS))))))
        .groupBy(col(TransactionColumns.CUSTOMER_ID), col(TransactionColumns.ORDER_ID))
        .agg(min(orderDate).as(FIRST_LINE), max(orderDate).as(LAST_LINE))
        .where(col(FIRST_LINE).lt(lit(Date.valueOf(boundary))).and(col(LAST_LINE).geq(lit(Date.valueOf(boundary)))))
        .count();
  }

  /** Which of the totals (one row each, in {@link RfmAggregates#totalsOfState} order) differ, if any. */
  static Optional<String> differingTotals(Row stored, Row lines) {
    StringBuilder diff = new StringBuilder();
    String[] names = lines.schema().fieldNames();
    for (int i = 0; i < names.length; i++) {
      Object s = stored.isNullAt(i) ? null : stored.get(i);
      Object l = lines.isNullAt(i) ? null : lines.get(i);
      if (!sameTotal(s, l)) {
        diff.append(diff.isEmpty() ? "" : ", ").append(names[i]).append(" stored ").append(s).append(" vs ")
            .append(l);
      }
    }
    return diff.isEmpty() ? Optional.empty() : Optional.of(diff.toString());
  }

  private static boolean sameTotal(Object stored, Object lines) {
    if (stored instanceof BigDecimal || lines instanceof BigDecimal) {
      BigDecimal a = stored == null ? BigDecimal.ZERO : (BigDecimal) stored;
      BigDecimal b = lines == null ? BigDecimal.ZERO : (BigDecimal) lines;
      return a.compareTo(b) == 0;
    }
    long a = stored == null ? 0L : ((Number) stored).longValue();
    long b = lines == null ? 0L : ((Number) lines).longValue();
    return a == b;
  }

  private static State allLines(Dataset<Row> transactions, String reason) {
    LOG.warn("incremental RFM: aggregating all transactions: {}", reason);
    return new State(RfmAggregates.aggregate(transactions), Optional.empty(), reason);
  }

  private IncrementalRfm() {}
}
