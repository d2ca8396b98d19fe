package com.custseg.report;

import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.values;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.testing.AnalystRun;
import com.custseg.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The analysts' SQL access over the shared run's output, and the example queries in notebooks-data/queries. */
@ResourceLock(TestSpark.TEMP_VIEWS)
class SqlShellTest {
  private static final Path QUERIES = Path.of("notebooks-data/queries");
  private static SparkSession spark;
  private static List<String> views;

  @BeforeAll
  static void registerTheSharedRunsTables() {
    spark = TestSpark.session();
    views = SqlShell.registerTables(spark, AnalystRun.output().toString());
  }

  private static Dataset<Row> query(String file) throws IOException {
    List<String> statements = SqlStatements.split(Files.readString(QUERIES.resolve(file)));
    assertThat(statements).hasSize(1);
    return spark.sql(statements.get(0));
  }

  private static String printed(String script, int maxRows) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = SqlShell.runScript(spark, script, new PrintStream(bytes, true, StandardCharsets.UTF_8), maxRows);
    return status + "\n" + bytes.toString(StandardCharsets.UTF_8);
  }

  private static Dataset<Row> latestSegments() {
    return spark.read().format("delta").load(AnalystRun.output().resolve("customer_segments").toString())
        .where("snapshot_date = DATE'" + AnalystRun.SNAPSHOT + "'");
  }

  @Test
  void everyDeltaTableIsAViewByItsNameAndTablesWithSnapshotsAlsoAsTheirLatestSnapshot() {
    assertThat(views).contains("customer_segments", "segment_summary", "rejects",
        "latest_customer_segments", "latest_segment_summary", "latest_rejects");
    assertThat(views).doesNotContain("report");
    assertThat(spark.sql("SELECT count(*) FROM latest_customer_segments").first().getLong(0)).isEqualTo(7);
    assertThat(spark.sql("SELECT count(*) FROM rejects").first().getLong(0)).isEqualTo(2);
  }

  @Test
  void aQueryPrintsAnAlignedTableCountingChineseAsTwoColumns() {
    String out = printed("SELECT region_code, region_name, count(*) AS customers, sum(monetary) AS revenue "
        + "FROM latest_customer_segments GROUP BY 1, 2 ORDER BY 1", 1000);

    assertThat(out).isEqualTo(String.join("\n",
        "0",
        "region_code | region_name | customers | revenue",
        "------------+-------------+-----------+--------",
        "east        | 华东        |         2 |  900.00",
        "north       | 华北        |         2 |   80.00",
        "south       | 华南        |         2 | 5130.00",
        "southwest   | 西南        |         1 | 1234.56",
        "(4 rows)", ""));
  }

  @Test
  void aFailingStatementIsReportedAndTheNextOneStillRuns() {
    String out = printed("SELECT nope FROM latest_customer_segments; SELECT 'a;b' AS s -- done;\n", 1000);

    assertThat(out).startsWith("1\nerror: ").contains("nope")
        .endsWith(String.join("\n", "s", "---", "a;b", "(1 row)", ""));
  }

  @Test
  void atMostMaxRowsAreFetchedAndPrinted() {
    String out = printed("SELECT customer_id FROM latest_customer_segments ORDER BY customer_id", 2);

    assertThat(out).isEqualTo(String.join("\n", "0", "customer_id", "-----------", "C1", "C2",
        "(first 2 rows shown; add LIMIT or --max-rows)", ""));
  }

  @Test
  void customersPerTierPerRegionMatchesTheCustomerTable() throws IOException {
    Dataset<Row> result = query("customers_per_tier_per_region.sql");

    Dataset<Row> expected = latestSegments()
        .groupBy("region_code", "region_name", "value_tier", "value_tier_name")
        .agg(count(lit(1)).as("customers"), sum("monetary").as("revenue"));
    assertThat(result.columns()).containsExactly(expected.columns());
    assertThat(result.collectAsList()).containsExactlyInAnyOrderElementsOf(expected.collectAsList());
    // By hand: C5 in 北京 never bought; the other six bought.
    assertThat(values(result.where("value_tier = 'no_purchase'").select("region_code", "customers")))
        .isEqualTo(rows(row("north", 1L)));
    assertThat(values(result.groupBy("region_code").agg(sum("customers"), sum("revenue"))))
        .isEqualTo(rows(row("east", 2L, new BigDecimal("900.00")), row("north", 2L, new BigDecimal("80.00")),
            row("south", 2L, new BigDecimal("5130.00")), row("southwest", 1L, new BigDecimal("1234.56"))));
  }

  @Test
  void topRegionsByVipRevenueFindsTheOneVipInSouthChina() throws IOException {
    Dataset<Row> result = query("top_regions_by_vip_revenue.sql");

    // C7: the latest buyer (the day before the snapshot), the most orders (4) and the top spend (5,000.00).
    assertThat(values(result)).isEqualTo(rows(
        row("south", "华南", 1L, new BigDecimal("5000.00"), new BigDecimal("100.0"))));
    assertThat(values(latestSegments().where(col("value_tier").equalTo("vip")).select("customer_id")))
        .isEqualTo(rows(row("C7")));
  }

  @Test
  void segmentSummaryNamesTheClusterOfEveryRow() {
    Dataset<Row> summary = spark.sql("SELECT * FROM latest_segment_summary");

    assertThat(summary.columns()).containsSubsequence("cluster_id", "cluster_code", "cluster_name", "customers");
    assertThat(values(summary.where("cluster_id = -1").select("value_tier", "cluster_code", "cluster_name",
        "customers"))).isEqualTo(rows(row("no_purchase", "no_purchase", "未购买", 1L)));
    assertThat(summary.where("cluster_name IS NULL OR cluster_code IS NULL").count()).isZero();
  }

  @Test
  void clusterSizesCountEveryCustomerOnceWithNonBuyersInClusterMinusOne() throws IOException {
    Dataset<Row> result = query("cluster_sizes.sql");

    assertThat(result.columns()).containsExactly("cluster_id", "cluster_code", "cluster_name", "customers",
        "customer_share_pct", "avg_recency_days", "avg_frequency", "avg_monetary", "revenue", "silhouette");
    Row noPurchase = result.where("cluster_id = -1").first();
    assertThat(noPurchase.getString(1)).isEqualTo("no_purchase");
    assertThat(noPurchase.getString(2)).isEqualTo("未购买");
    assertThat(noPurchase.getLong(3)).isEqualTo(1);
    assertThat(noPurchase.getDecimal(4)).isEqualByComparingTo("14.3");
    assertThat(noPurchase.isNullAt(5)).isTrue();
    assertThat(noPurchase.getDecimal(8)).isEqualByComparingTo("0.00");
    assertThat(noPurchase.isNullAt(9)).as("non-buyers have no profile, so no silhouette").isTrue();
    // The buyers' clusters carry the names (and silhouettes) of their cluster_profiles rows.
    assertThat(values(result.where("cluster_id >= 0").select("cluster_id", "cluster_code", "cluster_name",
        "silhouette"))).isEqualTo(values(spark.sql("SELECT cluster_id, cluster_code, cluster_name, silhouette "
        + "FROM latest_cluster_profiles")));
    Row totals = result.agg(sum("customers"), sum("revenue")).first();
    assertThat(totals.getLong(0)).isEqualTo(7);
    assertThat(totals.getDecimal(1)).isEqualByComparingTo("7344.56");
    assertThat(values(result.select("cluster_id", "customers"))).isEqualTo(values(
        latestSegments().groupBy("cluster_id").agg(count(lit(1)))));
  }
}
