package com.custseg.cluster;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.custseg.cluster.ClusterQuality.ClusterStats;
import com.custseg.cluster.ClusteringResult.ClusterProfile;
import com.custseg.cluster.SegmentModel.ClusterLabel;
import com.custseg.config.KMeansConfig;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.OutputTables;
import com.custseg.segment.SegmentColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clustering step over snapshots: names, profiles, saved models, scoring with them and stable ids. */
class ClusteringTest {
  private static final LocalDate JAN = LocalDate.parse("2026-01-01");
  private static final LocalDate FEB = LocalDate.parse("2026-02-01");
  private static final KMeansConfig K3 = TestConfigs.kmeans(3, 42, 20, 1e-4);
  @TempDir
  static Path dir;
  private static String output;
  private static Dataset<Row> customers;
  private static ClusteringResult january;

  @BeforeAll
  static void fitJanuary() {
    output = dir.resolve("out").toString();
    customers = ClusterFixtures.threeGroups();
    january = Clustering.run(TestSpark.session(), customers, K3, output, JAN, d -> Optional.empty(), writes());
  }

  private static List<Row> assignments(SegmentModel model) {
    return KMeansSegmenter.withCluster(customers, model).select("customer_id", SegmentColumns.CLUSTER_ID)
        .orderBy("customer_id").collectAsList();
  }

  private static Map<String, Integer> clusterOfGroup(SegmentModel model) {
    Map<String, Integer> result = new java.util.TreeMap<>();
    KMeansSegmenter.withCluster(customers, model).select("planted", SegmentColumns.CLUSTER_ID).distinct()
        .collectAsList().forEach(r -> result.put(r.getString(0), r.getInt(1)));
    return result;
  }

  @Test
  void aFirstModelNumbersClustersByDescendingSpendAndNamesThemFromTheirMeans() {
    assertThat(clusterOfGroup(january.model()))
        .isEqualTo(Map.of("champions", 0, "regulars", 1, "dormant", 2, "none", -1));
    assertThat(january.profiles()).extracting(ClusterProfile::name)
        .containsExactly("高价值活跃", "中价值渐冷", "低价值沉睡");
    assertThat(january.profiles()).extracting(ClusterProfile::code)
        .containsExactly("high_value_active", "mid_value_cooling", "low_value_dormant");
    assertThat(january.fitted()).isTrue();
    assertThat(january.modelSnapshot()).isEqualTo(JAN);
    assertThat(january.previousSnapshot()).isEmpty();
    assertThat(january.metrics()).containsOnlyKeys("k", "silhouette", "cost", "davies_bouldin", "sample_size",
        "buyers");
    assertThat(january.metrics()).containsEntry("k", 3.0).containsEntry("sample_size", 0.0)
        .containsEntry("buyers", 60.0);
    assertThat(january.silhouette()).isGreaterThan(0.8);
    assertThat(january.daviesBouldin()).isLessThan(0.2);
  }

  @Test
  void everyCustomerCarriesItsClustersCodeAndNameAndNonBuyersAreNamedNoPurchase() {
    Dataset<Row> named = KMeansSegmenter.withCluster(customers, january.model())
        .select("planted", SegmentColumns.CLUSTER_ID, ClusterColumns.CLUSTER_CODE, ClusterColumns.CLUSTER_NAME)
        .distinct();

    assertThat(Fixtures.values(named)).isEqualTo(Fixtures.rows(
        Fixtures.row("champions", 0, "high_value_active", "高价值活跃"),
        Fixtures.row("dormant", 2, "low_value_dormant", "低价值沉睡"),
        Fixtures.row("none", -1, "no_purchase", "未购买"),
        Fixtures.row("regulars", 1, "mid_value_cooling", "中价值渐冷")));
  }

  @Test
  void everyCandidateKsSilhouetteCostAndDaviesBouldinGoToRunMetrics() {
    KMeansConfig auto = new KMeansConfig(KMeansConfig.AUTO, 3, 5, 20_000, 200_000, TestConfigs.kmeans().features(), 0.01,
        0.99, 42, 20, 1e-4, "", TestConfigs.kmeans().crosstabDimensions());

    ClusteringResult blobs = Clustering.run(TestSpark.session(), ClusterFixtures.fourBlobs(), auto,
        dir.resolve("blobs").toString(), JAN, d -> Optional.empty(), writes());
    Map<String, Double> m = blobs.metrics();

    // The planted four blobs: k = 4 is chosen among the candidates 3, 4, 5 on all 120 buyers.
    assertThat(blobs.candidates()).extracting(KMeansSegmenter.Candidate::k).containsExactly(3, 4, 5);
    assertThat(m).containsEntry("k", 4.0).containsEntry("sample_size", 120.0);
    for (KMeansSegmenter.Candidate c : blobs.candidates()) {
      assertThat(m).containsEntry("kmeans_k" + c.k() + "_silhouette", c.silhouette())
          .containsEntry("kmeans_k" + c.k() + "_cost", c.cost())
          .containsEntry("kmeans_k" + c.k() + "_davies_bouldin", c.daviesBouldin());
    }
    assertThat(m.keySet()).filteredOn(key -> key.startsWith("kmeans_k")).hasSize(9);
    // Chosen by silhouette, ties going to the smaller k: above k = 3, at least k = 5.
    assertThat(m.get("kmeans_k4_silhouette")).isGreaterThan(0.9).isGreaterThan(m.get("kmeans_k3_silhouette"))
        .isGreaterThanOrEqualTo(m.get("kmeans_k5_silhouette"));
    assertThat(m.get("kmeans_k4_davies_bouldin")).isLessThan(0.1);
    assertThat(m.get("kmeans_k4_cost")).isLessThan(m.get("kmeans_k3_cost"));
    // Read back from the map (as the HTML report does from run_metrics), the candidates are the same.
    assertThat(ClusteringResult.candidatesOf(m)).isEqualTo(blobs.candidates());
    assertThat(ClusteringResult.candidatesOf(january.metrics())).isEmpty();
  }

  @Test
  void profilesHoldSizesSharesRevenueAndMeansInBusinessUnits() {
    Dataset<Row> table = ClusterProfiles.table(TestSpark.session(), JAN, january);
    List<Row> rows = table.orderBy(SegmentColumns.CLUSTER_ID).collectAsList();

    assertThat(table.columns()).containsExactlyElementsOf(ClusterColumns.PROFILE_COLUMNS);
    // champions: 20 x 20,000 + 4 x 300 x (0+1+2+3+4) = 412,000.00; regulars 32,000.00; dormant 1,400.00.
    assertThat(rows).extracting(r -> r.<BigDecimal>getAs(ClusterColumns.REVENUE))
        .containsExactly(new BigDecimal("412000.00"), new BigDecimal("32000.00"), new BigDecimal("1400.00"));
    assertThat(rows).extracting(r -> r.<Long>getAs(ClusterColumns.CUSTOMERS)).containsExactly(20L, 20L, 20L);
    assertThat(rows.get(0).<Double>getAs(ClusterColumns.SHARE)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(rows.get(0).<Double>getAs(ClusterColumns.REVENUE_SHARE)).isCloseTo(412000.0 / 445400,
        within(1e-12));
    assertThat(rows).extracting(r -> r.<Double>getAs(ClusterColumns.AVG_RECENCY_DAYS))
        .containsExactly(5.0, 62.0, 410.0);
    assertThat(rows).extracting(r -> r.<Double>getAs(ClusterColumns.AVG_FREQUENCY))
        .containsExactly(42.0, 8.4, 1.0);
    assertThat(rows).extracting(r -> r.<BigDecimal>getAs(ClusterColumns.AVG_MONETARY))
        .containsExactly(new BigDecimal("20600.00"), new BigDecimal("1600.00"), new BigDecimal("70.00"));
    assertThat(rows.get(0).getJavaMap(rows.get(0).fieldIndex(ClusterColumns.CENTROID_SCALED)).keySet())
        .containsExactlyInAnyOrderElementsOf(TestConfigs.kmeans().features());
    assertThat(rows).allSatisfy(r -> assertThat(r.<Double>getAs(ClusterColumns.SILHOUETTE)).isGreaterThan(0.5));
    assertThat(rows).allSatisfy(r -> assertThat(r.isNullAt(r.fieldIndex(ClusterColumns.CENTROID_DRIFT))).isTrue());
    assertThat(rows).allSatisfy(r -> assertThat(r.<Date>getAs(ClusterColumns.MODEL_SNAPSHOT_DATE))
        .isEqualTo(Date.valueOf(JAN)));
  }

  @Test
  void theCentroidInFeatureUnitsUndoesTheScalingAndDiffersFromTheCustomersMeans() {
    // Two pairs of buyers, no clipping: (10 days, 1 order, 9.00 | 99.00) and (30 days, 3 orders, 999.00 | 9,999.00).
    Dataset<Row> pairs = Fixtures.table(ClusterFixtures.SCHEMA,
        Fixtures.row("h1", 10, 1L, new BigDecimal("9.00"), true, "general", "low"),
        Fixtures.row("h2", 10, 1L, new BigDecimal("99.00"), true, "general", "low"),
        Fixtures.row("h3", 30, 3L, new BigDecimal("999.00"), true, "vip", "high"),
        Fixtures.row("h4", 30, 3L, new BigDecimal("9999.00"), true, "vip", "high"));
    KMeansConfig unclipped = new KMeansConfig(2, 2, 10, 20_000, 200_000, TestConfigs.kmeans().features(), 0, 1, 42, 20,
        1e-6, "", TestConfigs.kmeans().crosstabDimensions());

    ClusteringResult result = Clustering.run(TestSpark.session(), pairs, unclipped, dir.resolve("pairs").toString(),
        JAN, d -> Optional.empty(), writes());
    List<Row> rows = ClusterProfiles.table(TestSpark.session(), JAN, result).orderBy(SegmentColumns.CLUSTER_ID)
        .collectAsList();

    // Cluster 0 (more spend): recency 30, log1p(3) = ln 4, mean of ln 1000 and ln 10000 = 3.5 ln 10.
    // Cluster 1: recency 10, log1p(1) = ln 2, mean of ln 10 and ln 100 = 1.5 ln 10.
    double[][] expected = {{3.5 * Math.log(10), Math.log(4), 30}, {1.5 * Math.log(10), Math.log(2), 10}};
    for (int c = 0; c < 2; c++) {
      Map<String, Double> centre = rows.get(c).getJavaMap(rows.get(c).fieldIndex(ClusterColumns.CENTROID_ORIGINAL));
      assertThat(List.copyOf(centre.keySet())).containsExactlyElementsOf(TestConfigs.kmeans().features());
      assertThat(centre.get("log1p(greatest(monetary, 0))")).isCloseTo(expected[c][0], within(1e-9));
      assertThat(centre.get("log1p(frequency)")).isCloseTo(expected[c][1], within(1e-9));
      assertThat(centre.get("recency_days")).isCloseTo(expected[c][2], within(1e-9));
    }
    // The customers' mean spend is the arithmetic mean (5,499.00 and 54.00); the centre's spend, expm1(3.5 ln 10) =
    // 3,161.28 and expm1(1.5 ln 10) = 30.62, is a geometric-mean-like figure.
    assertThat(rows).extracting(r -> r.<BigDecimal>getAs(ClusterColumns.AVG_MONETARY))
        .containsExactly(new BigDecimal("5499.00"), new BigDecimal("54.00"));
    assertThat(Math.expm1(expected[0][0])).isCloseTo(3161.28, within(0.005));
    assertThat(Math.expm1(expected[1][0])).isCloseTo(30.62, within(0.005));
  }

  @Test
  void aRefitNextMonthKeepsIdsAndNamesEvenWhenKMeansNumbersItsClustersDifferently() {
    Dataset<Row> previous = KMeansSegmenter.withCluster(customers, january.model());
    KMeansConfig otherSeed = TestConfigs.kmeans(3, 7, 20, 1e-4);

    ClusteringResult february = Clustering.run(TestSpark.session(), customers, otherSeed, output, FEB,
        d -> d.equals(JAN) ? Optional.of(previous) : Optional.empty(), writes());

    assertThat(february.previousSnapshot()).contains(JAN);
    assertThat(assignments(february.model())).isEqualTo(assignments(january.model()));
    assertThat(february.profiles()).extracting(ClusterProfile::clusterId).containsExactly(0, 1, 2);
    assertThat(february.profiles()).extracting(ClusterProfile::name)
        .containsExactly("高价值活跃", "中价值渐冷", "低价值沉睡");
    assertThat(february.metrics()).containsEntry("compared_customers", 60.0)
        .containsEntry("changed_customers", 0.0);
    assertThat(february.metrics().get("drift")).isCloseTo(0.0, within(1e-6));
    assertThat(february.profiles()).allSatisfy(p -> assertThat(p.centroidDrift()).isCloseTo(0.0, within(1e-6)));
  }

  @Test
  void scoringWithASavedModelReproducesItsAssignmentsWithoutRefitting() {
    SparkSession spark = TestSpark.session();
    LocalDate may = LocalDate.parse("2026-05-01");

    ClusteringResult scored = Clustering.run(spark, customers, K3.withScoreWith(JAN.toString()), output, may,
        d -> Optional.empty(), writes());
    ClusteringResult sameSnapshot = Clustering.run(spark, customers, K3.withScoreWith(KMeansConfig.LATEST),
        output, JAN, d -> Optional.empty(), writes());

    assertThat(scored.fitted()).isFalse();
    assertThat(scored.modelSnapshot()).isEqualTo(JAN);
    assertThat(assignments(scored.model())).isEqualTo(assignments(january.model()));
    assertThat(scored.model().labels()).isEqualTo(january.model().labels());
    assertThat(scored.model().centres()).isDeepEqualTo(january.model().centres());
    assertThat(scored.silhouette()).isCloseTo(january.silhouette(), within(1e-12));
    assertThat(ModelStore.snapshots(spark, output)).contains(JAN, may);
    assertThat(sameSnapshot.modelSnapshot()).isEqualTo(JAN);
    assertThat(assignments(sameSnapshot.model())).isEqualTo(assignments(january.model()));
  }

  @Test
  void scoringWithAModelThatWasNeverSavedFailsNamingTheKey() {
    LocalDate before = LocalDate.parse("2025-06-01");

    assertThatThrownBy(() -> Clustering.run(TestSpark.session(), customers, K3.withScoreWith("latest"), output,
        before, d -> Optional.empty(), writes()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("segmentation.kmeans.score-with = latest: no saved k-means model at or before 2025-06-01 "
            + "under " + output + "/models/kmeans");
    assertThatThrownBy(() -> Clustering.run(TestSpark.session(), customers, K3.withScoreWith("2025-06-01"),
        output, JAN, d -> Optional.empty(), writes()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("segmentation.kmeans.score-with = 2025-06-01: no saved k-means model for that snapshot "
            + "under " + output + "/models/kmeans");
  }

  @Test
  void matchedClustersKeepTheirPreviousIdAndNameAndUnmatchedOnesGetTheNextIdAndAFreshName() {
    List<ClusterLabel> previous = List.of(
        new ClusterLabel(0, 5, "high_value_active", "高价值活跃"),
        new ClusterLabel(1, 2, "low_value_dormant", "低价值沉睡"));
    List<ClusterStats> stats = List.of(
        stats(0, 400, 1, "60.00"),
        stats(1, 30, 3, "900.00"),
        stats(2, 5, 40, "20000.00"));

    // New index 0 is the previous index 1 (dormant), new index 2 the previous index 0; new index 1 is new.
    List<ClusterLabel> labels = Clustering.labels(stats, 3, previous, new int[] {1, -1, 0});

    assertThat(labels).containsExactly(
        new ClusterLabel(0, 2, "low_value_dormant", "低价值沉睡"),
        new ClusterLabel(1, 6, "mid_value_cooling", "中价值渐冷"),
        new ClusterLabel(2, 5, "high_value_active", "高价值活跃"));
  }

  @Test
  void theCrosstabCountsCustomersAndRevenuePerTierAndClusterOverTheDimensionsPresent() {
    Dataset<Row> segments = KMeansSegmenter.withCluster(customers, january.model())
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(JAN)));

    Dataset<Row> crosstab = SegmentCrosstab.crosstab(segments, List.of("value_tier", "rfm_segment"),
        january.model().labels());

    assertThat(crosstab.columns()).containsExactlyElementsOf(SegmentCrosstab.COLUMNS);
    assertThat(Fixtures.values(crosstab.drop(OutputTables.SNAPSHOT_DATE).orderBy("dimension_value")))
        .isEqualTo(Fixtures.rows(
            Fixtures.row("value_tier", "general", 1, "mid_value_cooling", "中价值渐冷", 20L,
                new BigDecimal("32000.00"), 1.0),
            Fixtures.row("value_tier", "lost", 2, "low_value_dormant", "低价值沉睡", 20L,
                new BigDecimal("1400.00"), 1.0),
            Fixtures.row("value_tier", "no_purchase", -1, "no_purchase", "未购买", 2L, new BigDecimal("-15.00"),
                1.0),
            Fixtures.row("value_tier", "vip", 0, "high_value_active", "高价值活跃", 20L,
                new BigDecimal("412000.00"), 1.0)));
    assertThat(SegmentCrosstab.presentDimensions(segments, List.of("rfm_segment", "value_tier")))
        .containsExactly("value_tier");
  }

  private static ClusterStats stats(int index, double recency, double frequency, String monetary) {
    return new ClusterStats(index, 10, new double[] {0}, 0, 0, 0, new BigDecimal(monetary), recency, frequency,
        new BigDecimal(monetary));
  }

  /** The writes of a run that is never rolled back: each test's model is saved as a finished run's would be. */
  private static SnapshotWrites writes() {
    return new SnapshotWrites(TestSpark.session(), "clustering-test", SnapshotWrites.Listener.NONE);
  }
}
