package com.custseg.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.custseg.config.RecommendConfig;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Category affinity, top-N without what was bought, ALS determinism and the holdout metrics, on tiny tables. */
class RecommendationsTest {
  private static final StructType PURCHASES = new StructType()
      .add(RecommendColumns.CUSTOMER_ID, DataTypes.StringType).add(RecommendColumns.CATEGORY, DataTypes.StringType)
      .add(RecommendColumns.DAYS, DataTypes.LongType).add(RecommendColumns.SPEND, DataTypes.createDecimalType(28, 2));
  private static final StructType SEGMENTS = new StructType()
      .add(RecommendColumns.CUSTOMER_ID, DataTypes.StringType).add("value_tier", DataTypes.StringType)
      .add("cluster_id", DataTypes.IntegerType);
  private static final StructType SCORED = new StructType()
      .add(RecommendColumns.CUSTOMER_ID, DataTypes.StringType).add(RecommendColumns.CATEGORY, DataTypes.StringType)
      .add(RecommendColumns.SCORE, DataTypes.DoubleType);
  private static final StructType PAIRS = new StructType()
      .add(RecommendColumns.CUSTOMER_ID, DataTypes.StringType).add(RecommendColumns.CATEGORY, DataTypes.StringType);
  private static final StructType RANKED = new StructType()
      .add(RecommendColumns.CUSTOMER_ID, DataTypes.StringType).add(RecommendColumns.RANK, DataTypes.IntegerType)
      .add(RecommendColumns.CATEGORY, DataTypes.StringType);

  private static Object[] bought(String customer, String category, long days, String spend) {
    return new Object[] {customer, category, days, new BigDecimal(spend)};
  }

  /** A and B are VIPs, C and D general; A bought tea and books, B tea, C books, D books and pens. */
  private static Dataset<Row> purchases() {
    return Fixtures.table(PURCHASES, bought("A", "tea", 3, "30.00"), bought("A", "book", 1, "10.00"),
        bought("B", "tea", 2, "20.00"), bought("C", "book", 2, "50.00"), bought("D", "book", 1, "25.00"),
        bought("D", "pen", 1, "25.00"));
  }

  private static Dataset<Row> segments() {
    return Fixtures.table(SEGMENTS, new Object[] {"A", "vip", 0}, new Object[] {"B", "vip", 1},
        new Object[] {"C", "general", 1}, new Object[] {"D", "general", 1}, new Object[] {"E", "general", -1});
  }

  @Test
  void liftIsTheSegmentsShareOfBuyersOverTheShareOfAllBuyers() {
    Map<String, List<Object>> cells = new TreeMap<>();
    for (Row r : SegmentAffinity.table(purchases(), segments(), List.of("value_tier", "cluster_id"), 1)
        .collectAsList()) {
      cells.put(r.getAs(RecommendColumns.DIMENSION) + "/" + r.getAs(RecommendColumns.SEGMENT) + "/"
          + r.getAs(RecommendColumns.CATEGORY), List.of(r.getAs(RecommendColumns.SEGMENT_CUSTOMERS),
          r.getAs(RecommendColumns.CUSTOMERS), r.getAs(RecommendColumns.SPEND_SHARE),
          r.getAs(RecommendColumns.CATEGORY_CUSTOMERS), r.getAs(RecommendColumns.ALL_CUSTOMERS),
          r.getAs(RecommendColumns.LIFT)));
    }

    // 4 buyers (E bought nothing); tea bought by 2 of them, books by 3, pens by 1.
    // vip (A, B; spend 60.00): tea 2 of 2 -> share 1 / (2/4) = lift 2, 50.00 of the spend; book 1 of 2 -> 0.5 / 0.75.
    // general (C, D; spend 100.00): book 2 of 2 -> 1 / 0.75; pen 1 of 2 -> 0.5 / 0.25 = 2.
    assertThat(cells.keySet()).containsExactly("cluster_id/0/book", "cluster_id/0/tea", "cluster_id/1/book",
        "cluster_id/1/pen", "cluster_id/1/tea", "value_tier/general/book", "value_tier/general/pen",
        "value_tier/vip/book", "value_tier/vip/tea");
    assertRow(cells.get("value_tier/vip/tea"), 2L, 2L, 50.0 / 60, 2L, 4L, 2.0);
    assertRow(cells.get("value_tier/vip/book"), 2L, 1L, 10.0 / 60, 3L, 4L, 0.5 / 0.75);
    assertRow(cells.get("value_tier/general/book"), 2L, 2L, 0.75, 3L, 4L, 1 / 0.75);
    assertRow(cells.get("value_tier/general/pen"), 2L, 1L, 0.25, 1L, 4L, 2.0);
    // cluster 1 = B, C, D (spend 120.00): book 2 of 3 -> (2/3) / 0.75.
    assertRow(cells.get("cluster_id/1/book"), 3L, 2L, 75.0 / 120, 3L, 4L, (2.0 / 3) / 0.75);

    assertThat(SegmentAffinity.table(purchases(), segments(), List.of("value_tier"), 2).collectAsList())
        .extracting(r -> r.getAs(RecommendColumns.SEGMENT) + "/" + r.getAs(RecommendColumns.CATEGORY))
        .containsExactlyInAnyOrder("vip/tea", "general/book");
  }

  private static void assertRow(List<Object> actual, long segmentCustomers, long customers, double spendShare,
      long categoryCustomers, long all, double lift) {
    assertThat(actual.get(0)).isEqualTo(segmentCustomers);
    assertThat(actual.get(1)).isEqualTo(customers);
    assertThat((Double) actual.get(2)).isCloseTo(spendShare, within(1e-12));
    assertThat(actual.get(3)).isEqualTo(categoryCustomers);
    assertThat(actual.get(4)).isEqualTo(all);
    assertThat((Double) actual.get(5)).isCloseTo(lift, within(1e-12));
  }

  @Test
  void topNLeavesOutWhatTheCustomerBoughtAndBreaksTiesByCategory() {
    Dataset<Row> candidates = Fixtures.table(SCORED, new Object[] {"A", "tea", 0.9}, new Object[] {"A", "book", 0.8},
        new Object[] {"A", "pen", 0.5}, new Object[] {"A", "cup", 0.5}, new Object[] {"B", "tea", 0.7});
    Dataset<Row> bought = Fixtures.table(PAIRS, new Object[] {"A", "tea"}, new Object[] {"B", "tea"});

    List<String> top = TopN.excludingBought(candidates, bought, 2).orderBy(RecommendColumns.CUSTOMER_ID,
        RecommendColumns.RANK).collectAsList().stream().map(Row::toString).toList();

    assertThat(top).containsExactly("[A,1,book,0.8]", "[A,2,cup,0.5]");
  }

  @Test
  void theHoldoutMetricsOfATinyCaseAreTheHandComputedOnes() {
    // A was recommended x, y, z and went on to buy y and w; B was recommended w, x, v and bought w and v; C bought
    // u and was recommended nothing.
    Dataset<Row> recommended = Fixtures.table(RANKED, new Object[] {"A", 1, "x"}, new Object[] {"A", 2, "y"},
        new Object[] {"A", 3, "z"}, new Object[] {"B", 1, "w"}, new Object[] {"B", 2, "x"},
        new Object[] {"B", 3, "v"});
    Dataset<Row> truth = Fixtures.table(PAIRS, new Object[] {"A", "y"}, new Object[] {"A", "w"},
        new Object[] {"B", "w"}, new Object[] {"B", "v"}, new Object[] {"C", "u"});

    Map<String, List<Object>> perCustomer = new TreeMap<>();
    Dataset<Row> rows = HoldoutMetrics.perCustomer(recommended, truth, 3);
    for (Row r : rows.collectAsList()) {
      perCustomer.put(r.getString(0), List.of(r.getAs(HoldoutMetrics.HITS), r.getAs(RecommendColumns.PRECISION),
          r.getAs(RecommendColumns.RECALL), r.getAs(HoldoutMetrics.AP)));
    }

    // A: 1 hit at rank 2 -> P 1/3, R 1/2, AP = (1/2) / min(2, 3) = 1/4.
    // B: hits at ranks 1 and 3 -> P 2/3, R 1, AP = (1/1 + 2/3) / 2 = 5/6. C: nothing -> 0.
    assertThat(perCustomer).containsOnlyKeys("A", "B", "C");
    assertThat(perCustomer.get("A")).containsExactly(1L, 1.0 / 3, 0.5, 0.25);
    assertThat(perCustomer.get("B").get(0)).isEqualTo(2L);
    assertThat((Double) perCustomer.get("B").get(3)).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(perCustomer.get("C")).containsExactly(0L, 0.0, 0.0, 0.0);

    Row all = HoldoutMetrics.bySegment(rows.withColumn(RecommendColumns.SEGMENT,
            org.apache.spark.sql.functions.lit("vip")), "als")
        .where(RecommendColumns.SEGMENT + " = 'all'").first();
    assertThat(all.getLong(2)).isEqualTo(3);
    assertThat(all.getDouble(3)).isCloseTo((1.0 / 3 + 2.0 / 3 + 0) / 3, within(1e-12));
    assertThat(all.getDouble(4)).isCloseTo((0.5 + 1 + 0) / 3, within(1e-12));
    assertThat(all.getDouble(5)).isCloseTo((0.25 + 5.0 / 6 + 0) / 3, within(1e-12));
  }

  @Test
  void alsGivesTheSameRecommendationsForTheSameInputAndNeverRecommendsWhatWasBought() {
    List<Object[]> rows = new ArrayList<>();
    // Two tastes: tea drinkers (T*) and readers (R*); each bought two of their group's three categories.
    String[][] tea = {{"green", "black"}, {"black", "oolong"}, {"green", "oolong"}};
    String[][] books = {{"novel", "poetry"}, {"poetry", "history"}, {"novel", "history"}};
    for (int i = 0; i < 12; i++) {
      String[] bought = (i % 2 == 0 ? tea : books)[i % 3];
      for (String category : bought) {
        rows.add(bought((i % 2 == 0 ? "T" : "R") + i, category, 1 + i % 3, "10.00"));
      }
    }
    Dataset<Row> purchases = Fixtures.table(PURCHASES, rows.toArray(Object[][]::new));
    RecommendConfig config = new RecommendConfig(true, 1, 1, 1, RecommendConfig.Strength.DAYS, 365, 4, 0.01, 10.0,
        8, 42, RecommendConfig.Use.ALS);

    List<String> first = recommend(purchases, config);
    List<String> second = recommend(purchases.repartition(3), config);

    assertThat(first).hasSize(12).isEqualTo(second);
    // Each customer is offered the one category of their own group they have not bought.
    for (int i = 0; i < 12; i++) {
      String[] boughtByI = (i % 2 == 0 ? tea : books)[i % 3];
      List<String> group = i % 2 == 0 ? List.of("green", "black", "oolong") : List.of("novel", "poetry", "history");
      String missing = group.stream().filter(c -> !List.of(boughtByI).contains(c)).findFirst().orElseThrow();
      assertThat(first).contains(((i % 2 == 0 ? "T" : "R") + i) + ",1," + missing);
    }
  }

  private static List<String> recommend(Dataset<Row> purchases, RecommendConfig config) {
    AlsRecommender.Fitted fitted = AlsRecommender.fit(TestSpark.session(), purchases, config);
    return AlsRecommender.recommend(fitted, purchases.select(RecommendColumns.CUSTOMER_ID).distinct(), purchases, 1)
        .orderBy(RecommendColumns.CUSTOMER_ID).collectAsList().stream()
        .map(r -> r.getString(0) + "," + r.getInt(1) + "," + r.getString(2)).toList();
  }

  @Test
  void purchasesCountDistinctDaysAndNetSpendAndLeaveOutReturnsOnlyCategories() {
    Dataset<Row> lines = Fixtures.transactions(
        line("O1", "A", "2024-05-01", "12.00", "tea", false), line("O2", "A", "2024-05-01", "8.00", "tea", false),
        line("O3", "A", "2024-05-03", "10.00", "tea", false), line("R1", "A", "2024-05-04", "-5.00", "tea", true),
        line("R2", "A", "2024-05-04", "-9.00", "pen", true), line("O4", "A", "2024-04-30", "99.00", "cup", false));

    List<String> rows = Purchases.between(lines, LocalDate.parse("2024-05-01"), LocalDate.parse("2024-06-01"))
        .collectAsList().stream().map(Row::toString).toList();

    // Tea on two days, 12 + 8 + 10 - 5 = 25.00 net; the pen was only returned; the cup is before the window.
    assertThat(rows).containsExactly("[A,tea,2,25.00,2024-05-01]");
  }

  private static Object[] line(String order, String customer, String day, String amount, String category,
      boolean isReturn) {
    return new Object[] {order, customer, Timestamp.valueOf(day + " 10:00:00"), Date.valueOf(day),
        new BigDecimal(amount), category, isReturn};
  }
}
