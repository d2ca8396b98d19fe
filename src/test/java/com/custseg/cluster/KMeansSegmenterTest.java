package com.custseg.cluster;

import static com.custseg.testing.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.KMeansConfig;
import com.custseg.segment.SegmentColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class KMeansSegmenterTest {

  private static KMeansConfig auto(int kMin, int kMax, int sampleSize) {
    KMeansConfig d = TestConfigs.kmeans();
    return new KMeansConfig(KMeansConfig.AUTO, kMin, kMax, sampleSize, Math.max(sampleSize, d.fitSampleSize()),
        d.features(), d.clipLower(), d.clipUpper(), 42, 20, 1e-4, d.scoreWith(), d.crosstabDimensions());
  }

  private static Map<String, Set<Integer>> clustersOfGroup(Dataset<Row> customers, SegmentModel model) {
    Map<String, Set<Integer>> result = new HashMap<>();
    for (Row r : KMeansSegmenter.withCluster(customers, model).select("planted", SegmentColumns.CLUSTER_ID)
        .collectAsList()) {
      result.computeIfAbsent(r.getString(0), g -> new HashSet<>()).add(r.getInt(1));
    }
    return result;
  }

  @Test
  void everyBuyerIsAssignedAndThePlantedGroupsAreFoundAsTheKClusters() {
    Dataset<Row> customers = ClusterFixtures.threeGroups();
    KMeansSegmenter.Fit fit = KMeansSegmenter.fit(customers, TestConfigs.kmeans(3, 42, 40, 1e-4));
    SegmentModel model = ClusterFixtures.indexLabelled(fit.pipeline(), TestConfigs.kmeans().features());

    Dataset<Row> result = KMeansSegmenter.withCluster(customers, model);
    Map<String, Set<Integer>> groups = clustersOfGroup(customers, model);

    assertThat(result.count()).isEqualTo(62);
    assertThat(result.columns()).containsExactly("customer_id", "recency_days", "frequency", "monetary",
        "is_buyer", "value_tier", "planted", "cluster_id", "cluster_code", "cluster_name");
    assertThat(groups.get("none")).containsExactly(SegmentColumns.NO_CLUSTER);
    assertThat(groups.get("champions")).hasSize(1);
    assertThat(groups.get("regulars")).hasSize(1);
    assertThat(groups.get("dormant")).hasSize(1);
    Set<Integer> all = new HashSet<>(groups.get("champions"));
    all.addAll(groups.get("regulars"));
    all.addAll(groups.get("dormant"));
    assertThat(all).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(fit.candidates()).isEmpty();
    assertThat(fit.sampleSize()).isZero();
    assertThat(fit.buyers()).isEqualTo(60);
  }

  @Test
  void autoKFindsThePlantedFourBlobsBySilhouette() {
    Dataset<Row> customers = ClusterFixtures.fourBlobs();

    KMeansSegmenter.Fit fit = KMeansSegmenter.fit(customers, auto(3, 5, 20_000));

    assertThat(fit.candidates()).extracting(KMeansSegmenter.Candidate::k).containsExactly(3, 4, 5);
    KMeansSegmenter.Candidate four = fit.candidates().get(1);
    assertThat(fit.candidates()).allSatisfy(c -> assertThat(c.silhouette()).isLessThanOrEqualTo(four.silhouette()));
    assertThat(four.silhouette()).isGreaterThan(0.9);
    // At k=4 the clusters are the blobs: Davies-Bouldin is near 0 and the cost is the small within-blob spread.
    assertThat(four.daviesBouldin()).isLessThan(0.1);
    assertThat(four.cost()).isLessThan(fit.candidates().get(0).cost());
    assertThat(fit.sampleSize()).isEqualTo(120);
    assertThat(fit.buyers()).isEqualTo(120);
    KMeansModel kmeans = (KMeansModel) fit.pipeline().stages()[3];
    assertThat(kmeans.clusterCenters()).hasSize(4);
    Map<String, Set<Integer>> groups = clustersOfGroup(customers,
        ClusterFixtures.indexLabelled(fit.pipeline(), TestConfigs.kmeans().features()));
    assertThat(groups).allSatisfy((blob, ids) -> assertThat(ids).hasSize(1));
    assertThat(groups.values().stream().flatMap(Set::stream).distinct().count()).isEqualTo(4);
  }

  @Test
  void centresFittedOnABoundedSampleFindThePlantedBlobsAndEveryBuyerIsAssigned() {
    Dataset<Row> customers = ClusterFixtures.fourBlobs(500);
    KMeansConfig config = new KMeansConfig(KMeansConfig.AUTO, 3, 5, 100, 300, TestConfigs.kmeans().features(),
        0.01, 0.99, 42, 20, 1e-4, "", TestConfigs.kmeans().crosstabDimensions());

    KMeansSegmenter.Fit fit = KMeansSegmenter.fit(customers, config);

    assertThat(fit.buyers()).isEqualTo(2000);
    assertThat(fit.fitted()).isBetween(200L, 400L);
    assertThat(fit.sampleSize()).isBetween(50L, 150L).isLessThan(fit.fitted());
    assertThat(((KMeansModel) fit.pipeline().stages()[3]).clusterCenters()).hasSize(4);
    SegmentModel model = ClusterFixtures.indexLabelled(fit.pipeline(), config.features());
    assertThat(KMeansSegmenter.withCluster(customers, model).where("cluster_id >= 0").count()).isEqualTo(2000);
    Map<String, Set<Integer>> groups = clustersOfGroup(customers, model);
    assertThat(groups).allSatisfy((blob, ids) -> assertThat(ids).hasSize(1));
    assertThat(groups.values().stream().flatMap(Set::stream).distinct().count()).isEqualTo(4);
  }

  @Test
  void theSameInputAndConfigGiveTheSameCentresAndAssignments() {
    Dataset<Row> customers = ClusterFixtures.fourBlobs();
    KMeansConfig config = TestConfigs.kmeans(4, 42, 20, 1e-4);

    KMeansSegmenter.Fit first = KMeansSegmenter.fit(customers, config);
    KMeansSegmenter.Fit second = KMeansSegmenter.fit(customers, config);

    double[][] a = ClusterFixtures.indexLabelled(first.pipeline(), config.features()).centres();
    double[][] b = ClusterFixtures.indexLabelled(second.pipeline(), config.features()).centres();
    assertThat(b).isDeepEqualTo(a);
    List<Row> assignedFirst = KMeansSegmenter.withCluster(customers,
        ClusterFixtures.indexLabelled(first.pipeline(), config.features()))
        .select("customer_id", SegmentColumns.CLUSTER_ID).orderBy("customer_id").collectAsList();
    List<Row> assignedSecond = KMeansSegmenter.withCluster(customers,
        ClusterFixtures.indexLabelled(second.pipeline(), config.features()))
        .select("customer_id", SegmentColumns.CLUSTER_ID).orderBy("customer_id").collectAsList();
    assertThat(assignedSecond).isEqualTo(assignedFirst);
  }

  @Test
  void featuresAreClippedToTheConfiguredQuantilesOfTheBuyers() {
    // 100 buyers with recency 1..100: the 5% and 95% quantiles are 5 and 95.
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      rows.add(row("x" + i, i, 1L, ClusterFixtures.money(10), true, "general", "all"));
    }
    Dataset<Row> customers = Fixtures.table(ClusterFixtures.SCHEMA, rows.toArray(Object[][]::new));
    KMeansConfig config = new KMeansConfig(2, 3, 10, 20_000, 200_000, List.of("recency_days"), 0.05, 0.95, 42, 40, 1e-4,
        "", List.of());

    KMeansSegmenter.Bounds bounds = KMeansSegmenter.bounds(customers, config);
    Row clipped = KMeansSegmenter.featureStage(config.features(), bounds).transform(customers)
        .selectExpr("min(km_f0)", "max(km_f0)", "count(*)").first();

    assertThat(bounds.buyers()).isEqualTo(100);
    assertThat(bounds.lower()).containsExactly(5.0);
    assertThat(bounds.upper()).containsExactly(95.0);
    assertThat(clipped.getDouble(0)).isEqualTo(5.0);
    assertThat(clipped.getDouble(1)).isEqualTo(95.0);
    assertThat(clipped.getLong(2)).isEqualTo(100);
  }

  @Test
  void aFeatureThatIsNullForSomeBuyersIsRejectedWithItsKey() {
    Dataset<Row> customers = ClusterFixtures.threeGroups();
    KMeansConfig config = new KMeansConfig(2, 3, 10, 20_000, 200_000,
        List.of("recency_days", "CASE WHEN frequency > 10 THEN 1.0 END"), 0.01, 0.99, 42, 40, 1e-4, "", List.of());

    assertThatThrownBy(() -> KMeansSegmenter.fit(customers, config))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.features[1]: \"CASE WHEN frequency > 10 THEN 1.0 END\" is null for 40 "
            + "of 60 buyers; every feature must have a value for every buyer (e.g. wrap it in coalesce(..., 0))");
  }

  @Test
  void featuresMustResolveAndBeNumericBeforeAnyJobRuns() {
    Dataset<Row> customers = ClusterFixtures.threeGroups();

    assertThatThrownBy(() -> KMeansSegmenter.validateFeatures(customers, List.of("recency_days", "spend")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.kmeans.features[1]: \"spend\" does not resolve against the customer "
            + "columns customer_id, recency_days, frequency, monetary, is_buyer, value_tier, planted: ");
    assertThatThrownBy(() -> KMeansSegmenter.validateFeatures(customers, List.of("value_tier")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.features[0]: \"value_tier\" must be numeric, but it is string");
    assertThatThrownBy(() -> KMeansSegmenter.validateFeatures(customers, List.of("rand()")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.features[0]: \"rand()\" is not deterministic; a rerun would cluster "
            + "differently");
  }

  @Test
  void theFitReadsOnlyTheIdTheBuyerFlagAndTheColumnsTheFeaturesUse() {
    Dataset<Row> customers = ClusterFixtures.threeGroups();

    Dataset<Row> narrow = KMeansSegmenter.fitColumns(customers,
        List.of("ln(1 + greatest(monetary, 0))", "recency_days * 1.0", "ln(1 + recency_days)"));

    assertThat(narrow.columns()).containsExactly("customer_id", "is_buyer", "monetary", "recency_days");
    assertThat(narrow.count()).isEqualTo(customers.count());
  }

  @Test
  void theSampleIsSeededBoundedAndIndependentOfRowOrder() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      rows.add(row("s" + i, 1, 1L, ClusterFixtures.money(10), true, "general", "all"));
    }
    Dataset<Row> buyers = Fixtures.table(ClusterFixtures.SCHEMA, rows.toArray(Object[][]::new));

    List<String> first = ids(KMeansSegmenter.sample(buyers, 200, 2000, 42));
    List<String> reordered = ids(KMeansSegmenter.sample(buyers.orderBy("customer_id").repartition(3), 200, 2000,
        42));
    List<String> otherSeed = ids(KMeansSegmenter.sample(buyers, 200, 2000, 7));

    assertThat(first.size()).isBetween(150, 250);
    assertThat(reordered).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
    assertThat(ids(KMeansSegmenter.sample(buyers, 5000, 2000, 42))).hasSize(2000);
  }

  private static List<String> ids(Dataset<Row> rows) {
    return rows.select("customer_id").orderBy("customer_id").collectAsList().stream().map(r -> r.getString(0))
        .toList();
  }
}
