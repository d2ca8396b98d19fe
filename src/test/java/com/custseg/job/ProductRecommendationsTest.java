package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.sample.SampleDataGenerator;
import com.custseg.sample.SampleDataGenerator.GeneratorSettings;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * recommendations.item = product: products (here category and brand, a SKU-like key of 50 values) are recommended
 * in the category's place, never one the customer bought in the window; segment_affinity stays by category.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductRecommendationsTest {
  @TempDir
  static Path dir;
  private Path output;

  @BeforeAll
  void run() {
    SampleDataGenerator.Written written = SampleDataGenerator.write(TestSpark.session(), GeneratorSettings.parse(
        "--customers", "150", "--transactions", "1500", "--format", "parquet", "--seed", "5",
        "--interactions", "0", "--feedback", "0",
        "--start-date", "2024-07-01", "--end-date", "2025-12-31", "--output", dir.resolve("input").toString()));
    output = dir.resolve("out");
    SegmentationPipeline.run(TestSpark.session(), TestConfigs.load(
        "--set", "segmentation.input.customers.format=parquet",
        "--set", "segmentation.input.customers.path=" + written.customersPath(),
        "--set", "segmentation.input.transactions.format=parquet",
        "--set", "segmentation.input.transactions.path=" + written.transactionsPath(),
        "--set", "segmentation.input.transactions.columns.product=concat(category, '-', brand)",
        "--set", "segmentation.quality.max-reject-ratio=1.0",
        "--set", "segmentation.kmeans.k=2",
        "--set", "segmentation.value.enabled=false",
        "--set", "segmentation.recommendations.enabled=true",
        "--set", "segmentation.recommendations.item=product",
        "--set", "segmentation.recommendations.min-support=2",
        "--set", "segmentation.recommendations.als.max-iter=3",
        "--as-of", "2026-01-01", "--output", output.toString()));
  }

  private Dataset<Row> table(String name) {
    return TestSpark.session().read().format("delta").load(output.resolve(name).toString());
  }

  @Test
  void productsAreRecommendedThatTheCustomerDidNotBuyInTheWindow() {
    Dataset<Row> recommendations = table("recommendations");
    assertThat(recommendations.columns()).contains("product").doesNotContain("category");
    assertThat(recommendations.count()).isPositive();
    assertThat(recommendations.where("product NOT RLIKE '^[^-]+-[^-]+$'").count()).isZero();
    // The lookback window is 730 days: every line of the generated data is in it.
    Dataset<Row> bought = table("transactions_clean").where("NOT is_return")
        .selectExpr("customer_id", "product").distinct();
    assertThat(recommendations.join(bought, new String[] {"customer_id", "product"}, "left_semi").count()).isZero();
    assertThat(recommendations.groupBy("customer_id").count().where("count > 5").count()).isZero();
  }

  @Test
  void segmentAffinityStaysByCategory() {
    List<String> categories = SampleDataGenerator.CATEGORIES.stream().map(SampleDataGenerator.Choice::label).toList();
    assertThat(table("segment_affinity").select("category").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList()).isNotEmpty().allMatch(categories::contains);
  }

  @Test
  void recommendingProductsWithoutAProductColumnFailsAtLoadNamingBothKeys() {
    assertThatThrownBy(() -> TestConfigs.load("--set", "segmentation.recommendations.enabled=true",
        "--set", "segmentation.recommendations.item=product"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("segmentation.recommendations.item = product needs "
            + "segmentation.input.transactions.columns.product");
  }
}
