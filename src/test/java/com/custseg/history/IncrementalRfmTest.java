package com.custseg.history;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.line;
import static com.custseg.testing.Fixtures.money;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.values;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.features.RfmAggregates;
import com.custseg.features.RfmColumns;
import com.custseg.features.RfmFeatures;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two snapshots, P = 2025-01-01 and A = 2025-03-01: the features of A derived from P's stored aggregates plus the
 * lines dated from P on are exactly those of a full recompute, and a late line or an order split across P makes the
 * run aggregate everything instead.
 */
class IncrementalRfmTest {
  private static final LocalDate PREVIOUS = LocalDate.parse("2025-01-01");
  private static final LocalDate AS_OF = LocalDate.parse("2025-03-01");

  @TempDir
  Path dir;

  private static Object[] in(String category, Object[] line) {
    line[5] = category;
    return line;
  }

  /**
   * Lines before P. c1: an order 385 days before A (outside every window), an order of two lines in two categories
   * 101 days before A, a return 96 days before A on a day without purchase. c2: one order. c4: only a return. c5: an
   * order without category. c6: one order long ago.
   */
  private static List<Object[]> linesBeforePrevious() {
    return new ArrayList<>(List.of(
        in("服装", line("O1", "c1", "2024-02-10 10:00:00", "100.00", false)),
        in("数码", line("O2", "c1", "2024-11-20 09:00:00", "200.00", false)),
        in("家电", line("O2", "c1", "2024-11-20 09:01:00", "50.00", false)),
        in("数码", line("R2", "c1", "2024-11-25 12:00:00", "-30.00", true)),
        in("家电", line("O6", "c2", "2024-12-15 10:00:00", "500.00", false)),
        line("R8", "c4", "2024-12-01 10:00:00", "-15.00", true),
        line("O10", "c5", "2024-10-01 10:00:00", "70.00", false),
        in("服装", line("O12", "c6", "2023-05-01 10:00:00", "999.99", false))));
  }

  /**
   * Lines from P on. c1: an order, two orders on one day, a return on a day without purchase. c3: a new customer.
   * c4: its first purchase. c5: an order with a category.
   */
  private static List<Object[]> linesFromPrevious() {
    return new ArrayList<>(List.of(
        in("服装", line("O3", "c1", "2025-01-05 10:00:00", "80.00", false)),
        in("食品", line("O4", "c1", "2025-02-20 10:00:00", "120.00", false)),
        in("食品", line("O5", "c1", "2025-02-20 11:00:00", "10.00", false)),
        in("食品", line("R4", "c1", "2025-02-22 10:00:00", "-20.00", true)),
        in("服装", line("O7", "c3", "2025-02-27 10:00:00", "60.00", false)),
        in("数码", line("O9", "c4", "2025-01-10 10:00:00", "40.00", false)),
        in("美妆", line("O11", "c5", "2025-02-01 10:00:00", "30.00", false))));
  }

  private static Dataset<Row> transactions(List<Object[]> lines) {
    return Fixtures.transactions(lines.toArray(Object[][]::new));
  }

  private static List<Object[]> concat(List<Object[]> a, List<Object[]> b) {
    List<Object[]> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Runs the incremental step for P (first run: everything) and stores its aggregates, as the pipeline does. */
  private String storedPrevious(List<Object[]> before) {
    String path = dir.resolve(OutputTables.CUSTOMER_AGGREGATES.name()).toString();
    IncrementalRfm.State first = IncrementalRfm.aggregates(spark(), path, transactions(before), PREVIOUS);
    assertThat(first.mergedFrom()).isEmpty();
    store(first, path, PREVIOUS);
    return path;
  }

  private static void store(IncrementalRfm.State state, String path, LocalDate snapshot) {
    DeltaTables.replaceSnapshot(state.aggregates().withColumn(OutputTables.SNAPSHOT_DATE,
        lit(Date.valueOf(snapshot))), path, List.of(OutputTables.SNAPSHOT_DATE), snapshot);
  }

  private static Dataset<Row> incrementalFeatures(String path, IncrementalRfm.State state, Dataset<Row> all,
      boolean categoryMapped) {
    store(state, path, AS_OF);
    return RfmAggregates.rfmPerCustomer(DeltaTables.readSnapshot(spark(), path, AS_OF),
        RfmAggregates.lastYear(all, AS_OF), AS_OF, categoryMapped);
  }

  private static void assertSameRows(Dataset<Row> actual, Dataset<Row> expected) {
    // Names, order and types; nullability differs (aggregates read back from Delta are all nullable).
    assertThat(Arrays.stream(actual.schema().fields()).map(f -> f.name() + " " + f.dataType().simpleString()))
        .containsExactlyElementsOf(Arrays.stream(expected.schema().fields())
            .map(f -> f.name() + " " + f.dataType().simpleString()).toList());
    assertThat(actual.exceptAll(expected).count()).as("rows only in the incremental result").isZero();
    assertThat(expected.exceptAll(actual).count()).as("rows only in the full recompute").isZero();
    assertThat(actual.count()).isEqualTo(expected.count());
  }

  @Test
  void incrementalFeaturesEqualAFullRecomputeInEveryColumn() {
    String path = storedPrevious(linesBeforePrevious());
    Dataset<Row> all = transactions(concat(linesBeforePrevious(), linesFromPrevious()));

    IncrementalRfm.State state = IncrementalRfm.aggregates(spark(), path, all, AS_OF);

    assertThat(state.mergedFrom()).contains(PREVIOUS);
    Dataset<Row> mergedState = state.aggregates();
    Dataset<Row> fullState = RfmAggregates.aggregate(all);
    assertThat(mergedState.exceptAll(fullState).count()).isZero();
    assertThat(fullState.exceptAll(mergedState).count()).isZero();
    for (boolean categoryMapped : new boolean[] {true, false}) {
      assertSameRows(incrementalFeatures(path, state, all, categoryMapped),
          RfmFeatures.rfmPerCustomer(all, AS_OF, categoryMapped));
    }
    assertThat(incrementalFeatures(path, state, all, true).count()).isEqualTo(6);
  }

  /**
   * c1 by hand, A = 2025-03-01: orders O1..O5; net 100 + 250 − 30 + 80 + 130 − 20 = 510.00; first purchase 385 days
   * back, last 9; categories 服装 数码 家电 食品; purchase days 2024-02-10 (100), 2024-11-20 (250),
   * 2025-01-05 (80), 2025-02-20 (130). Last 90 days (O3, O4, O5, R4) 190.00 in 3 orders; days 91..180 (O2, R2) 220.00; last 365 days
   * 410.00 in 4 orders; trend 190 / 220 = 0.8636. Repeat: 3 repeat days, 376 days first to last, T = 384 (to
   * 2025-02-28), (560 − 100) / 3 = 153.33.
   */
  @Test
  void mergedCustomerMatchesTheHandComputedFigures() {
    String path = storedPrevious(linesBeforePrevious());
    Dataset<Row> all = transactions(concat(linesBeforePrevious(), linesFromPrevious()));

    Dataset<Row> c1 = incrementalFeatures(path, IncrementalRfm.aggregates(spark(), path, all, AS_OF), all, true)
        .where(col(TransactionColumns.CUSTOMER_ID).equalTo("c1"))
        .select(TransactionColumns.CUSTOMER_ID, RfmColumns.FREQUENCY, RfmColumns.MONETARY,
            RfmColumns.FIRST_PURCHASE_DATE, RfmColumns.LAST_PURCHASE_DATE, RfmColumns.RECENCY_DAYS,
            RfmColumns.TENURE_DAYS, RfmColumns.AVG_ORDER_VALUE, RfmColumns.ACTIVE_DAYS, RfmColumns.CATEGORY_BREADTH,
            RfmColumns.SPEND_90D, RfmColumns.ORDERS_90D, RfmColumns.SPEND_PREV_90D, RfmColumns.SPEND_CHANGE_90D,
            RfmColumns.SPEND_TREND_90D, RfmColumns.SPEND_365D, RfmColumns.ORDERS_365D, RfmColumns.FREQUENCY_REPEAT,
            RfmColumns.RECENCY_REPEAT, RfmColumns.T_DAYS, RfmColumns.MONETARY_REPEAT);

    assertThat(values(c1)).isEqualTo(rows(row("c1", 5L, money("510.00"), date("2024-02-10"), date("2025-02-20"),
        9, 385, money("102.00"), 4L, 4L, money("190.00"), 3L, money("220.00"), money("-30.00"), 0.8636,
        money("410.00"), 4L, 3L, 376, 384, money("153.33"))));
  }

  @Test
  void aLateLineDatedBeforeThePreviousSnapshotMakesTheRunAggregateEverything() {
    String path = storedPrevious(linesBeforePrevious());
    List<Object[]> late = concat(linesBeforePrevious(), linesFromPrevious());
    late.add(in("家电", line("O14", "c2", "2024-12-30 10:00:00", "25.00", false)));
    Dataset<Row> all = transactions(late);

    IncrementalRfm.State state = IncrementalRfm.aggregates(spark(), path, all, AS_OF);

    assertThat(state.mergedFrom()).isEmpty();
    assertThat(state.reason()).isEqualTo("the transactions dated before the previous snapshot 2025-01-01 are not"
        + " those its customer_aggregates were built from (lines stored 8 vs 9, purchase_lines stored 6 vs 7,"
        + " category_lines stored 5 vs 6, net_amount stored 1874.99 vs 1899.99)");
    assertSameRows(incrementalFeatures(path, state, all, true), RfmFeatures.rfmPerCustomer(all, AS_OF, true));
  }

  @Test
  void anOrderWithLinesOnBothSidesOfThePreviousSnapshotMakesTheRunAggregateEverything() {
    List<Object[]> before = linesBeforePrevious();
    before.add(in("家电", line("O13", "c2", "2024-12-31 23:00:00", "10.00", false)));
    String path = storedPrevious(before);
    List<Object[]> after = linesFromPrevious();
    after.add(in("家电", line("O13", "c2", "2025-01-01 01:00:00", "5.00", false)));
    Dataset<Row> all = transactions(concat(before, after));

    IncrementalRfm.State state = IncrementalRfm.aggregates(spark(), path, all, AS_OF);

    assertThat(state.mergedFrom()).isEmpty();
    assertThat(state.reason())
        .isEqualTo("1 purchase orders have lines both before and after the previous snapshot 2025-01-01");
    Dataset<Row> features = incrementalFeatures(path, state, all, true);
    assertSameRows(features, RfmFeatures.rfmPerCustomer(all, AS_OF, true));
    // O6 and O13 once: the order is not counted on both sides.
    assertThat(values(features.where(col(TransactionColumns.CUSTOMER_ID).equalTo("c2"))
        .select(TransactionColumns.CUSTOMER_ID, RfmColumns.FREQUENCY, RfmColumns.MONETARY)))
        .isEqualTo(rows(row("c2", 2L, money("515.00"))));
  }

  private static SparkSession spark() {
    return TestSpark.session();
  }
}
