package com.custseg.features;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.line;
import static com.custseg.testing.Fixtures.money;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.io.CustomerColumns;
import com.custseg.testing.Fixtures;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Every feature on a hand-computed fixture, snapshot 2025-01-01. Days before the snapshot: 2024-12-31 = 1,
 * 2024-12-30 = 2, 2024-11-01 = 61, 2024-09-15 = 108, 2024-09-01 = 122, 2024-08-01 = 153, 2024-06-10 = 205,
 * 2024-06-01 = 214, 2023-01-15 = 717. Last 90 days = 1..90, the 90 before = 91..180, last 365 = 1..365.
 */
class RfmFeaturesTest {
  private static final LocalDate AS_OF = LocalDate.parse("2025-01-01");

  static Object[] in(String category, Object[] line) {
    line[5] = category;
    return line;
  }

  /**
   * c1: four orders, two of them on the same day with a partial refund line inside one, one order 122 days back.
   * c2: one order and a return nine days later (on a day without purchase). c3: one order of zero value on the last
   * day before the snapshot, without category. c4: two orders on one day long ago. c5: two orders 91..180 days
   * back, one refunded in part on its own day. c6: only a return line, never a purchase.
   */
  static Dataset<Row> sixCustomerTransactions() {
    return Fixtures.transactions(
        in("服装", line("O1", "c1", "2024-12-30 10:00:00", "100.00", false)),
        in("数码", line("O2", "c1", "2024-12-30 18:30:00", "50.50", false)),
        in("数码", line("O2", "c1", "2024-12-30 18:31:00", "-10.00", true)),
        in("服装", line("O3", "c1", "2024-11-01 09:00:00", "20.00", false)),
        in("家电", line("O8", "c1", "2024-09-01 09:00:00", "40.00", false)),
        in("家电", line("O4", "c2", "2024-06-01 12:00:00", "300.00", false)),
        in("家电", line("R4", "c2", "2024-06-10 12:00:00", "-120.00", true)),
        line("O5", "c3", "2024-12-31 23:59:59", "0.00", false),
        in("食品", line("O6", "c4", "2023-01-15 08:00:00", "999.99", false)),
        in("食品", line("O7", "c4", "2023-01-15 08:05:00", "0.01", false)),
        in("服装", line("O9", "c5", "2024-08-01 10:00:00", "100.00", false)),
        in("服装", line("O10", "c5", "2024-09-15 10:00:00", "60.00", false)),
        in("服装", line("R10", "c5", "2024-09-15 16:00:00", "-15.00", true)),
        in("服装", line("R11", "c6", "2024-12-01 10:00:00", "-30.00", true)));
  }

  private static Dataset<Row> features(boolean categoryMapped) {
    return RfmFeatures.rfmPerCustomer(sixCustomerTransactions(), AS_OF, categoryMapped);
  }

  @Test
  void rfmCountsDistinctOrdersNetsReturnsAndMeasuresDaysToTheSnapshot() {
    Dataset<Row> rfm = features(true).select(CustomerColumns.CUSTOMER_ID, RfmColumns.RECENCY_DAYS,
        RfmColumns.FREQUENCY, RfmColumns.MONETARY, RfmColumns.FIRST_PURCHASE_DATE, RfmColumns.LAST_PURCHASE_DATE);

    assertThat(values(rfm)).isEqualTo(rows(
        row("c1", 2, 4L, money("200.50"), date("2024-09-01"), date("2024-12-30")),
        row("c2", 214, 1L, money("180.00"), date("2024-06-01"), date("2024-06-01")),
        row("c3", 1, 1L, money("0.00"), date("2024-12-31"), date("2024-12-31")),
        row("c4", 717, 2L, money("1000.00"), date("2023-01-15"), date("2023-01-15")),
        row("c5", 108, 2L, money("145.00"), date("2024-08-01"), date("2024-09-15")),
        row("c6", null, 0L, money("-30.00"), null, null)));
  }

  @Test
  void orderValueTenureActiveDaysAndCategoryBreadthFollowTheirDefinitions() {
    // c1: 200.50 / 4 = 50.125 rounds half-up to 50.13; three purchase days; categories 服装, 数码, 家电.
    // c3: its only line has no category: 0. c6 never bought: no order value, tenure or breadth.
    Dataset<Row> result = features(true).select(CustomerColumns.CUSTOMER_ID, RfmColumns.AVG_ORDER_VALUE,
        RfmColumns.TENURE_DAYS, RfmColumns.ACTIVE_DAYS, RfmColumns.CATEGORY_BREADTH);

    assertThat(values(result)).isEqualTo(rows(
        row("c1", money("50.13"), 122, 3L, 3L),
        row("c2", money("180.00"), 214, 1L, 1L),
        row("c3", money("0.00"), 1, 1L, 0L),
        row("c4", money("500.00"), 717, 1L, 1L),
        row("c5", money("72.50"), 153, 2L, 1L),
        row("c6", null, null, null, null)));
  }

  @Test
  void categoryBreadthIsNullWhenTheSourceMapsNoCategory() {
    Dataset<Row> result = features(false).select(CustomerColumns.CUSTOMER_ID, RfmColumns.CATEGORY_BREADTH);

    assertThat(values(result)).isEqualTo(rows(
        row("c1", null), row("c2", null), row("c3", null), row("c4", null), row("c5", null), row("c6", null)));
  }

  @Test
  void windowedSpendAndOrdersCountLinesByDaysBeforeTheSnapshotAndTheTrendComparesTheTwoLast90DayWindows() {
    // c1: 160.50 in the last 90 days (the refund nets), 40.00 in the 90 before: change 120.50, trend 4.0125.
    // c2, c3, c4: nothing in the window before: no trend. c5: everything in the window before: trend 0.
    // c6: a return alone is negative spend, never an order.
    Dataset<Row> result = features(true).select(CustomerColumns.CUSTOMER_ID, RfmColumns.SPEND_90D,
        RfmColumns.ORDERS_90D, RfmColumns.SPEND_365D, RfmColumns.ORDERS_365D, RfmColumns.SPEND_PREV_90D,
        RfmColumns.SPEND_CHANGE_90D, RfmColumns.SPEND_TREND_90D);

    assertThat(values(result)).isEqualTo(rows(
        row("c1", money("160.50"), 3L, money("200.50"), 4L, money("40.00"), money("120.50"), 4.0125),
        row("c2", money("0.00"), 0L, money("180.00"), 1L, money("0.00"), money("0.00"), null),
        row("c3", money("0.00"), 1L, money("0.00"), 1L, money("0.00"), money("0.00"), null),
        row("c4", money("0.00"), 0L, money("0.00"), 0L, money("0.00"), money("0.00"), null),
        row("c5", money("0.00"), 0L, money("145.00"), 2L, money("145.00"), money("-145.00"), 0.0),
        row("c6", money("-30.00"), 0L, money("-30.00"), 0L, money("0.00"), money("-30.00"), null)));
  }

  @Test
  void anOrderWhoseLinesSpanTheWindowEdgeIsOneOrderAndCountsInEveryWindowOneOfItsPurchaseLinesFallsIn() {
    // Order D1 has purchase lines 61 and 122 days back (a back-order shipped later), D2 only a return line 61
    // days back. One order in all; in the last 90 days (the 61-day line) and in the last 365; its spend splits
    // 30.00 / 70.00 between the last 90 days and the 90 before; two purchase days.
    Dataset<Row> tx = Fixtures.transactions(
        line("D1", "d", "2024-09-01 10:00:00", "70.00", false),
        line("D1", "d", "2024-11-01 10:00:00", "30.00", false),
        line("D2", "d", "2024-11-01 11:00:00", "-5.00", true));

    Dataset<Row> result = RfmFeatures.rfmPerCustomer(tx, AS_OF).select(CustomerColumns.CUSTOMER_ID,
        RfmColumns.FREQUENCY, RfmColumns.ORDERS_90D, RfmColumns.ORDERS_365D, RfmColumns.MONETARY,
        RfmColumns.SPEND_90D, RfmColumns.SPEND_PREV_90D, RfmColumns.ACTIVE_DAYS, RfmColumns.AVG_ORDER_VALUE);

    assertThat(values(result)).isEqualTo(rows(
        row("d", 1L, 1L, 1L, money("95.00"), money("25.00"), money("70.00"), 2L, money("95.00"))));
  }

  @Test
  void lifetimesSummaryCountsPurchaseDaysAndMeasuresTToTheLastCountedDay() {
    // c1 days: 09-01 (40.00), 11-01 (20.00), 12-30 (140.50): repeat mean (20.00 + 140.50) / 2 = 80.25.
    // c2: the return on 06-10 is on a day without purchase, so it is no period. c3 bought on the last counted day:
    // T = 0. c5: day 09-15 nets its refund: 45.00. c6: no purchase day, no summary.
    Dataset<Row> result = features(true).select(CustomerColumns.CUSTOMER_ID, RfmColumns.FREQUENCY_REPEAT,
        RfmColumns.RECENCY_REPEAT, RfmColumns.T_DAYS, RfmColumns.MONETARY_REPEAT);

    assertThat(values(result)).isEqualTo(rows(
        row("c1", 2L, 120, 121, money("80.25")),
        row("c2", 0L, 0, 213, money("0.00")),
        row("c3", 0L, 0, 0, money("0.00")),
        row("c4", 0L, 0, 716, money("0.00")),
        row("c5", 1L, 45, 152, money("45.00")),
        row("c6", null, null, null, null)));
  }

  /**
   * The lifetimes test fixtures (tests/test_utils.py), observation_period_end 2015-02-07 inclusive: our snapshot,
   * exclusive, is the day after, 2015-02-08.
   */
  @Test
  void lifetimesPublishedFixtureGivesItsFrequencyRecencyAndT() {
    Dataset<Row> tx = Fixtures.transactions(
        line("a", "1", "2015-02-01 00:00:00", "1.00", false),
        line("b", "1", "2015-02-06 00:00:00", "1.00", false),
        line("c", "2", "2015-01-01 00:00:00", "1.00", false),
        line("d", "3", "2015-01-01 00:00:00", "1.00", false),
        line("e", "3", "2015-01-02 00:00:00", "1.00", false),
        line("f", "3", "2015-01-05 00:00:00", "1.00", false));

    Dataset<Row> result = RfmFeatures.rfmPerCustomer(tx, LocalDate.parse("2015-02-08"))
        .select(CustomerColumns.CUSTOMER_ID, RfmColumns.FREQUENCY_REPEAT, RfmColumns.RECENCY_REPEAT,
            RfmColumns.T_DAYS);

    assertThat(values(result)).isEqualTo(rows(row("1", 1L, 5, 6), row("2", 0L, 0, 37), row("3", 2L, 4, 37)));
  }

  /** lifetimes' large fixture with monetary values: expected frequency, recency, T and monetary_value. */
  @Test
  void lifetimesPublishedMonetaryFixtureGivesItsMeanRepeatSpend() {
    String[][] data = {
        {"1", "2015-01-01", "1"}, {"1", "2015-02-06", "2"}, {"2", "2015-01-01", "2"}, {"3", "2015-01-01", "3"},
        {"3", "2015-01-02", "1"}, {"3", "2015-01-05", "5"}, {"4", "2015-01-16", "6"}, {"4", "2015-02-02", "3"},
        {"4", "2015-02-05", "3"}, {"5", "2015-01-16", "3"}, {"5", "2015-01-17", "1"}, {"5", "2015-01-18", "8"},
        {"6", "2015-02-02", "5"}};
    Object[][] lines = new Object[data.length][];
    for (int i = 0; i < data.length; i++) {
      lines[i] = line("o" + i, data[i][0], data[i][1] + " 12:00:00", data[i][2], false);
    }

    Dataset<Row> result = RfmFeatures.rfmPerCustomer(Fixtures.transactions(lines), LocalDate.parse("2015-02-08"))
        .select(CustomerColumns.CUSTOMER_ID, RfmColumns.FREQUENCY_REPEAT, RfmColumns.RECENCY_REPEAT,
            RfmColumns.T_DAYS, RfmColumns.MONETARY_REPEAT);

    assertThat(values(result)).isEqualTo(rows(
        row("1", 1L, 36, 37, money("2.00")),
        row("2", 0L, 0, 37, money("0.00")),
        row("3", 2L, 4, 37, money("3.00")),
        row("4", 2L, 20, 22, money("3.00")),
        row("5", 2L, 2, 22, money("4.50")),
        row("6", 0L, 0, 5, money("0.00"))));
  }

  @Test
  void everyCustomerGetsOneRowAndNonBuyersHaveZeroCountsAndSpendButNoDays() {
    StructType schema = new StructType().add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType);
    Dataset<Row> customers = Fixtures.table(schema, row("c1"), row("c5"), row("c6"), row("c7"));

    Dataset<Row> result = RfmFeatures.withRfm(customers, features(true)).select(CustomerColumns.CUSTOMER_ID,
        RfmColumns.IS_BUYER, RfmColumns.FREQUENCY, RfmColumns.MONETARY, RfmColumns.RECENCY_DAYS,
        RfmColumns.ACTIVE_DAYS, RfmColumns.ORDERS_90D, RfmColumns.SPEND_90D, RfmColumns.SPEND_CHANGE_90D,
        RfmColumns.T_DAYS, RfmColumns.NET_SPEND_NOT_POSITIVE);

    // c6 only returned (net -30.00): flagged; c7 has no line at all: 0.00 but not flagged.
    assertThat(values(result)).isEqualTo(rows(
        row("c1", true, 4L, money("200.50"), 2, 3L, 3L, money("160.50"), money("120.50"), 121, false),
        row("c5", true, 2L, money("145.00"), 108, 2L, 0L, money("0.00"), money("-145.00"), 152, false),
        row("c6", false, 0L, money("-30.00"), null, 0L, 0L, money("-30.00"), money("-30.00"), null, true),
        row("c7", false, 0L, money("0.00"), null, 0L, 0L, money("0.00"), money("0.00"), null, false)));
  }

  @Test
  void featuresAreAggregatedPerCustomerWithoutMovingAllRowsIntoOnePartition() {
    String plan = features(true).queryExecution().executedPlan().toString();

    assertThat(plan).contains("hashpartitioning(customer_id").doesNotContain("SinglePartition")
        .doesNotContain("Window");
  }
}
