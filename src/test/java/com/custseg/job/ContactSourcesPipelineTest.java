package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.JobConfig;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactions and feedback through the whole job: cleaned and quarantined with the other sources, written to
 * their silver tables, and their features in customer_segments, where the rules see them.
 */
class ContactSourcesPipelineTest {
  @TempDir
  static Path dir;
  private static Path output;

  @BeforeAll
  static void runTheJobWithBothContactSources() throws IOException {
    Path customers = write("customers.csv",
        "customer_id,name,phone,province,city,signup_date,industry,company_size,channel",
        "C1,甲,13800000000,广东省,广州,2023-01-01,零售,小微,线上",
        "C2,乙,13800000001,上海,上海,2023-01-01,制造,中型,门店");
    // O1: 4 units listed at 30.00 for 100.00, a discount of 20.00.
    Path transactions = write("transactions.csv", "order_id,customer_id,order_time,amount,category,qty,list,brand",
        "O1,C1,2024-12-01 10:00:00,100.00,服装,4,30.00,恒远", "O2,C2,2024-11-01 10:00:00,50.00,服装,1,50.00,臻选",
        "O3,C1,2024-12-10 10:00:00,30.00,食品,1,,恒远");
    Path interactions = write("interactions.csv", "customer_id,interaction_time,channel,type",
        "C1,2024-12-30 10:00:00,微信,inquiry", "C1,2024-12-31 10:00:00,phone,complaint",
        "C1,2024-12-31 10:00:00,phone,complaint", // an exact copy: removed as a duplicate
        "C2,2024-12-01 10:00:00,fax,visit", "C9,2024-12-01 10:00:00,web,visit");
    Path feedback = write("feedback.csv", "customer_id,feedback_time,score,comment",
        "C1,2024-12-20 10:00:00,2,张三的手机坏了", "C2,2024-12-20 10:00:00,5,很好", "C2,2024-12-21 10:00:00,9,私密");
    output = dir.resolve("out");
    JobConfig config = TestConfigs.load(
        "--set", "segmentation.input.customers.path=" + customers,
        "--set", "segmentation.input.transactions.path=" + transactions,
        "--set", "segmentation.input.interactions.path=" + interactions,
        "--set", "segmentation.input.feedback.path=" + feedback,
        "--set", "segmentation.input.feedback.columns.label=comment",
        "--set", "segmentation.input.transactions.columns.quantity=qty",
        "--set", "segmentation.input.transactions.columns.list_price=list",
        "--set", "segmentation.input.transactions.columns.brand=brand",
        "--set", "segmentation.quality.max-reject-ratio=1",
        "--set", "segmentation.value.enabled=false",
        "--as-of", "2025-01-01",
        "--output", output.toString());
    SegmentationPipeline.run(TestSpark.session(), config);
  }

  private static Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  private static Dataset<Row> table(String name) {
    return TestSpark.session().read().format("delta").load(output.resolve(name).toString());
  }

  @Test
  void customerSegmentsHoldTheContactFeatures() {
    assertThat(Fixtures.values(table("customer_segments").select("customer_id", "interactions_90d",
        "complaints_365d", "days_since_last_interaction", "preferred_channel", "online_share", "feedback_count_365d",
        "avg_score_365d", "attitude"))).isEqualTo(Fixtures.rows(
            Fixtures.row("C1", 2L, 1L, 1, "phone", 0.5, 1L, 2.0, "negative"),
            Fixtures.row("C2", 0L, 0L, null, null, null, 1L, 5.0, "positive")));
  }

  @Test
  void badContactRowsAreQuarantinedWithTheirReasonAndTheLabelIsNowhere() {
    assertThat(Fixtures.values(table("rejects").select("source", "reason")))
        .containsExactlyInAnyOrderElementsOf(Fixtures.rows(Fixtures.row("feedback", "BAD_SCORE"),
            Fixtures.row("interactions", "UNKNOWN_CHANNEL"), Fixtures.row("interactions", "UNKNOWN_CUSTOMER")));
    assertThat(table("rejects").select("record").collectAsList().toString()).doesNotContain("私密");
    assertThat(table("feedback_clean").columns()).doesNotContain("comment");
    assertThat(table("interactions_clean").count()).isEqualTo(2);
    Row counts = table("run_metrics").selectExpr("input_counts['interactions_read']",
        "input_counts['interactions_kept']", "input_counts['interactions_duplicates_removed']",
        "input_counts['feedback_rejected']").first();
    assertThat(List.of(counts.get(0), counts.get(1), counts.get(2), counts.get(3))).containsExactly(5L, 2L, 1L, 1L);
  }

  @Test
  void customerSegmentsHoldTheMotiveFeaturesAndTheMotiveRulesSeeThem() {
    // 服装: C1 pays 25.00 a unit, C2 50.00: mid-percentiles 0.25 and 0.75; 食品: C1 alone, 0.5.
    // C1: 100.00 of 130.00 at a discount; (100 x 0.25 + 30 x 0.5) / 130 = 0.3077; (100² + 30²) / 130² = 0.645.
    assertThat(Fixtures.values(table("customer_segments").select("customer_id", "discount_share", "price_level",
        "brand_concentration", "category_concentration", "motive", "motive_name"))).isEqualTo(Fixtures.rows(
            Fixtures.row("C1", 0.7692, 0.3077, 1.0, 0.645, "price_sensitive", "价格敏感型"),
            Fixtures.row("C2", 0.0, 0.75, 1.0, 1.0, "quality_seeking", "品质追求型")));
    assertThat(Fixtures.values(table("transactions_clean").select("order_id", "quantity", "discount", "brand")))
        .isEqualTo(Fixtures.rows(
            Fixtures.row("O1", new java.math.BigDecimal("4.000"), new java.math.BigDecimal("20.00"), "恒远"),
            Fixtures.row("O2", new java.math.BigDecimal("1.000"), new java.math.BigDecimal("0.00"), "臻选"),
            Fixtures.row("O3", new java.math.BigDecimal("1.000"), new java.math.BigDecimal("0.00"), "恒远")));
  }

  @Test
  void theSummaryAndTheReportCountCustomersByMotiveAttitudeAndPreferredChannel() throws IOException {
    assertThat(Fixtures.values(table("segment_summary").groupBy("motive", "attitude", "loyalty")
        .agg(org.apache.spark.sql.functions.sum("customers")))).isEqualTo(Fixtures.rows(
            Fixtures.row("price_sensitive", "negative", "low", 1L),
            Fixtures.row("quality_seeking", "positive", "low", 1L)));
    String report = Files.readString(output.resolve("report/2025-01-01/index.html"));
    assertThat(report).contains("<section id=\"dimensions\">",
        // C1 (广东, south) calls most by phone; C2 has no interaction kept.
        "data-label=\"华南 south\" data-series=\"phone\" data-value=\"1\"",
        "data-series=\"negative\" data-value=\"1\"", "data-series=\"positive\" data-value=\"1\"",
        "data-series=\"price_sensitive\" data-value=\"1\"", "data-series=\"quality_seeking\" data-value=\"1\"");
  }
}
