package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.custseg.report.RunResult;
import com.custseg.sample.SampleDataGenerator;
import com.custseg.sample.SampleDataGenerator.GeneratorSettings;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run with recommendations on and a calibration end, on generated data (300 customers, 3,000 lines): what the
 * analysts read is checked against the silver tables the same run wrote, computed independently in SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.parallel.ResourceLock(TestSpark.LARGE_PIPELINES)
class RecommendationsPipelineTest {
  @TempDir
  static Path dir;
  private Path output;
  private RunResult result;

  @BeforeAll
  void run() {
    SampleDataGenerator.Written written = SampleDataGenerator.write(TestSpark.session(), GeneratorSettings.parse(
        "--customers", "300", "--transactions", "3000", "--format", "parquet", "--seed", "11",
        "--start-date", "2024-07-01", "--end-date", "2025-12-31", "--output", dir.resolve("input").toString()));
    output = dir.resolve("out");
    result = SegmentationPipeline.run(TestSpark.session(), TestConfigs.load(
        "--set", "segmentation.input.customers.format=parquet",
        "--set", "segmentation.input.customers.path=" + written.customersPath(),
        "--set", "segmentation.input.transactions.format=parquet",
        "--set", "segmentation.input.transactions.path=" + written.transactionsPath(),
        "--set", "segmentation.quality.max-reject-ratio=1.0",
        "--set", "segmentation.kmeans.k=3",
        "--set", "segmentation.value.enabled=false",
        "--set", "segmentation.recommendations.enabled=true",
        "--set", "segmentation.recommendations.min-support=2",
        "--set", "segmentation.recommendations.als.max-iter=4",
        "--calibration-end", "2025-09-01",
        "--as-of", "2026-01-01", "--output", output.toString()));
  }

  private Dataset<Row> table(String name) {
    return TestSpark.session().read().format("delta").load(output.resolve(name).toString());
  }

  @Test
  void theLiftOfEveryValueTierAndCategoryIsTheOneComputedFromTheSilverTables() {
    SparkSession spark = TestSpark.session();
    table("transactions_clean").createOrReplaceTempView("rec_lines");
    table("customer_segments").createOrReplaceTempView("rec_segments");
    // Buyers of the last 730 days, by value tier: share of the tier buying the category over the share of all.
    Map<String, Double> expected = new java.util.TreeMap<>();
    for (Row r : spark.sql("""
        WITH bought AS (
          SELECT customer_id, category FROM rec_lines
          WHERE NOT is_return AND category IS NOT NULL AND order_date >= DATE'2024-01-02'
            AND order_date < DATE'2026-01-01'
          GROUP BY customer_id, category),
        buyers AS (SELECT DISTINCT b.customer_id, s.value_tier FROM bought b JOIN rec_segments s USING (customer_id)),
        tier AS (SELECT value_tier, count(*) AS n FROM buyers GROUP BY value_tier),
        cat AS (SELECT category, count(*) AS n FROM bought GROUP BY category),
        cell AS (SELECT s.value_tier, b.category, count(*) AS n
                 FROM bought b JOIN rec_segments s USING (customer_id) GROUP BY s.value_tier, b.category)
        SELECT cell.value_tier, cell.category,
               (cell.n / tier.n) / (cat.n / (SELECT count(*) FROM buyers)) AS lift
        FROM cell JOIN tier USING (value_tier) JOIN cat USING (category) WHERE cell.n >= 2""").collectAsList()) {
      expected.put(r.getString(0) + "/" + r.getString(1), r.getDouble(2));
    }
    Map<String, Double> actual = new java.util.TreeMap<>();
    for (Row r : table("segment_affinity").where("dimension = 'value_tier'")
        .select("segment", "category", "lift").collectAsList()) {
      actual.put(r.getString(0) + "/" + r.getString(1), r.getDouble(2));
    }

    assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSizeGreaterThan(10);
    expected.forEach((key, lift) -> assertThat(actual.get(key)).as(key).isCloseTo(lift, within(1e-9)));
    assertThat(table("segment_affinity").select("dimension").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList())
        .containsExactly("cluster_id", "lifecycle_stage", "loyalty", "motive", "region_code", "rfm_segment", "value_tier");
  }

  @Test
  void everyBuyerGetsRankedCategoriesHeHasNotBoughtInTheWindowFromAlsOrHisTiersLift() {
    table("recommendations").createOrReplaceTempView("rec_out");
    table("transactions_clean").createOrReplaceTempView("rec_lines2");
    table("customer_segments").createOrReplaceTempView("rec_segments2");
    SparkSession spark = TestSpark.session();

    long alreadyBought = spark.sql("""
        SELECT count(*) FROM rec_out r JOIN rec_lines2 t
          ON r.customer_id = t.customer_id AND r.category = t.category
        WHERE NOT t.is_return AND t.order_date >= DATE'2024-01-02'""").first().getLong(0);
    // ALS recommends to exactly the buyers with two or more purchases in the window (purchase days summed over
    // categories) who bought a category of the model (one bought by 3 or more) but not all of them; the others get
    // their tier's categories by lift, when any has enough support.
    long scorable = spark.sql("""
        WITH w AS (SELECT customer_id, category, count(DISTINCT order_date) AS d FROM rec_lines2
                   WHERE NOT is_return AND category IS NOT NULL
                     AND order_date >= DATE'2024-01-02' AND order_date < DATE'2026-01-01'
                   GROUP BY customer_id, category),
             kept AS (SELECT category FROM w GROUP BY category HAVING count(*) >= 3),
             b AS (SELECT w.customer_id FROM w LEFT JOIN kept k ON w.category = k.category
                   GROUP BY w.customer_id
                   HAVING sum(w.d) >= 2 AND count(k.category) BETWEEN 1 AND (SELECT count(*) FROM kept) - 1)
        SELECT count(*) FROM b""").first().getLong(0);
    long alsScored = spark.sql("SELECT count(DISTINCT customer_id) FROM rec_out WHERE source = 'als'")
        .first().getLong(0);
    long fallbackCustomers = spark.sql("SELECT count(DISTINCT customer_id) FROM rec_out WHERE source = 'segment_lift'")
        .first().getLong(0);
    List<String> sources = spark.sql("SELECT DISTINCT source FROM rec_out ORDER BY source").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    long badRanks = spark.sql("""
        SELECT count(*) FROM (SELECT customer_id, max(rank) AS m, count(*) AS n, count(DISTINCT category) AS c
                              FROM rec_out GROUP BY customer_id) WHERE m != n OR c != n OR n > 5""")
        .first().getLong(0);
    long oneDayBuyersByAls = spark.sql("""
        SELECT count(*) FROM rec_out r WHERE r.source = 'als' AND r.customer_id IN (
          SELECT customer_id FROM (
            SELECT customer_id, category, count(DISTINCT order_date) AS d FROM rec_lines2
            WHERE NOT is_return AND category IS NOT NULL AND order_date >= DATE'2024-01-02'
            GROUP BY customer_id, category)
          GROUP BY customer_id HAVING sum(d) < 2)""").first().getLong(0);

    assertThat(alreadyBought).isZero();
    assertThat(alsScored).isEqualTo(scorable).isGreaterThan(50);
    assertThat(fallbackCustomers).isPositive();
    assertThat(sources).containsExactly("als", "segment_lift");
    assertThat(badRanks).isZero();
    assertThat(oneDayBuyersByAls).isZero();
    assertThat(output.resolve("recommendations/snapshot_date=2026-01-01").toFile().list())
        .allMatch(name -> name.startsWith("region_code="));
  }

  @Test
  void theHoldoutScoresAlsAndBothBaselinesInTheTableRunMetricsAndTheReport() throws Exception {
    List<Row> all = table("recommendation_holdout").where("segment = 'all'").orderBy("method")
        .select("method", "customers", "map_at_n").collectAsList();
    Map<String, Double> model = result.metrics().model();

    assertThat(all).extracting(r -> r.getString(0))
        .containsExactly("als", "global_popularity", "segment_popularity");
    assertThat(all.get(0).getLong(1)).isPositive().isEqualTo(all.get(1).getLong(1)).isEqualTo(all.get(2).getLong(1));
    assertThat(model.get("rec_als_map_at_5")).isEqualTo(all.get(0).getDouble(2));
    assertThat(model.get("rec_global_popularity_map_at_5")).isEqualTo(all.get(1).getDouble(2));
    assertThat(model.get("rec_segment_popularity_map_at_5")).isEqualTo(all.get(2).getDouble(2));
    String html = Files.readString(Path.of(result.reportPath()));
    assertThat(html).contains("<section id=\"recommendations\">", "<tr data-method=\"als\">",
        "<tr data-method=\"global_popularity\">", "id=\"recommendation-verdict\"");
  }
}
