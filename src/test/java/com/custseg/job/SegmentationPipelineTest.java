package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.custseg.config.JobConfig;
import com.custseg.config.Step;
import com.custseg.features.RfmFeatures;
import com.custseg.history.OutputLock;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SilverTables;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.QualityGate.QualityGateException;
import com.custseg.report.RunResult;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a tiny export with one bad row of every kind, read back from the Delta tables it writes. */
class SegmentationPipelineTest {
  @TempDir
  static Path dir;
  private static Path customers;
  private static Path transactions;

  @BeforeAll
  static void writeInputs() throws IOException {
    customers = dir.resolve("customers.csv");
    Files.writeString(customers, String.join("\n",
        "customer_id,name,phone,province,city,signup_date,industry,company_size,channel",
        "C1,张三,13800001111,广东省,广州,2023-01-05,零售,小微,线上",
        "C2,李四,13900002222,上海,上海,2023-02-10,制造,中型,门店",
        "C3,王五,15000003333,Sichuan,成都,2023-03-15,教育,大型,直销",
        "C4,赵六,18600004444,火星,,2023-04-20,,,",
        "C5,钱七,13700005555,北京市,北京,2023-05-25,金融,中型,线上",
        "C6,孙八,13600006666,浙江省,杭州,not-a-date,零售,小微,线上",
        ",无名,13500007777,江苏省,南京,2023-06-01,零售,小微,线上",
        "C1,张三,13800001111,广东省,广州,2023-01-05,零售,小微,线上") + "\n");
    transactions = dir.resolve("transactions.csv");
    Files.writeString(transactions, String.join("\n",
        "order_id,customer_id,order_time,amount,category",
        "O1,C1,2024-12-01 10:00:00,100.00,服装",
        "O2,C1,2024-12-01 15:00:00,50.50,数码",
        "R2,C1,2024-12-05 09:00:00,-20.50,数码",
        "O3,C2,2024-10-10 10:00:00,300.00,家电",
        "O4,C3,2024-06-06 06:06:06,\"1,234.56\",食品",
        "O5,C4,2024-12-30 12:00:00,80.00,美妆",
        "O6,C9,2024-12-01 10:00:00,10.00,服装",
        "O7,,2024-12-01 10:00:00,10.00,服装",
        "O8,C2,2024-13-45 10:00:00,10.00,服装",
        "O9,C2,2024-12-01 10:00:00,abc,服装",
        "O1,C1,2024-12-01 10:00:00,100.00,服装",
        "O10,C2,2025-01-05 10:00:00,99.00,服装") + "\n");
  }

  private static JobConfig config(Path output, String asOf, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--set", "segmentation.input.customers.path=" + customers,
        "--set", "segmentation.input.transactions.path=" + transactions,
        "--set", "segmentation.kmeans.k=2",
        "--output", output.toString()));
    if (asOf != null) {
      args.addAll(List.of("--as-of", asOf));
    }
    args.addAll(Arrays.asList(extra));
    return TestConfigs.load(args.toArray(String[]::new));
  }

  private static List<Object> fields(Dataset<Row> segments, String customerId, String... columns) {
    Row row = segments.where("customer_id = '" + customerId + "'").selectExpr(columns).first();
    return java.util.stream.IntStream.range(0, row.size()).mapToObj(row::get).toList();
  }

  private static Dataset<Row> table(Path output, String name) {
    return TestSpark.session().read().format("delta").load(output.resolve(name).toString());
  }

  @Test
  void segmentsEveryKeptCustomerQuarantinesEveryBadRowAndRerunsIdempotently() {
    SparkSession spark = TestSpark.session();
    Path output = dir.resolve("out-e2e");
    JobConfig config = config(output, "2025-01-01", "--set", "segmentation.quality.max-reject-ratio=1.0");

    RunResult first = SegmentationPipeline.run(spark, config);

    assertThat(first.snapshotDate()).isEqualTo(LocalDate.parse("2025-01-01"));
    assertThat(first.customers().read()).isEqualTo(8);
    assertThat(first.customers().kept()).isEqualTo(5);
    assertThat(first.customers().rejectedByReason())
        .isEqualTo(Map.of("BAD_DATE", 1L, "MISSING_CUSTOMER_ID", 1L));
    assertThat(first.customers().duplicates()).isEqualTo(1);
    assertThat(first.transactions().read()).isEqualTo(12);
    assertThat(first.transactions().kept()).isEqualTo(6);
    assertThat(first.transactions().duplicates()).isEqualTo(1);
    assertThat(first.transactions().rejectedByReason()).isEqualTo(Map.of("AFTER_SNAPSHOT", 1L, "BAD_AMOUNT", 1L,
        "BAD_DATE", 1L, "MISSING_CUSTOMER_ID", 1L, "UNKNOWN_CUSTOMER", 1L));
    assertThat(first.unknownProvinces()).containsExactly(new RunResult.UnknownProvince("火星", 1));

    Dataset<Row> segments = table(output, "customer_segments");
    assertThat(segments.count()).isEqualTo(5);
    assertThat(segments.columns()).doesNotContain("name", "phone")
        .contains("rfm_segment", "lifecycle_stage", "p_alive", "expected_purchases_90d", "clv", "churn_risk_band");
    assertThat(segments.where("p_alive IS NOT NULL OR clv IS NOT NULL").count()).isZero();
    Map<String, String> regionOf = new TreeMap<>();
    Map<String, List<Object>> rfmOf = new TreeMap<>();
    for (Row r : segments.select("customer_id", "region_code", "recency_days", "frequency", "monetary")
        .collectAsList()) {
      regionOf.put(r.getString(0), r.getString(1));
      rfmOf.put(r.getString(0), Arrays.asList(r.get(2), r.get(3), r.get(4)));
    }
    assertThat(regionOf).isEqualTo(Map.of("C1", "south", "C2", "east", "C3", "southwest", "C4", "unknown",
        "C5", "north"));
    assertThat(rfmOf).isEqualTo(Map.of(
        "C1", List.of(31, 2L, new BigDecimal("130.00")),
        "C2", List.of(83, 1L, new BigDecimal("300.00")),
        "C3", List.of(209, 1L, new BigDecimal("1234.56")),
        "C4", List.of(2, 1L, new BigDecimal("80.00")),
        "C5", Arrays.asList(null, 0L, new BigDecimal("0.00"))));
    // Nobody's returns outweigh their purchases here (customers_net_spend_not_positive = 0 below).
    assertThat(segments.where("net_spend_not_positive IS NULL OR net_spend_not_positive").count()).isZero();
    // Every customer gets exactly one RFM segment, lifecycle stage and value tier, each saying which rule matched.
    assertThat(segments.where("rfm_segment IS NULL OR rfm_segment_rule IS NULL OR lifecycle_stage IS NULL"
        + " OR lifecycle_stage_rule IS NULL OR value_tier IS NULL OR value_tier_rule IS NULL").count()).isZero();
    assertThat(fields(segments, "C5", "rfm_segment", "rfm_segment_rule", "lifecycle_stage", "value_tier",
        "value_tier_rule", "active_days", "spend_90d")).containsExactly(
        "no_purchase", "no scores", "prospect", "no_purchase", "1: frequency = 0", 0L, new BigDecimal("0.00"));
    // C1: orders O1 (服装) and O2 (数码) on 2024-12-01, the return R2 on 2024-12-05.
    assertThat(fields(segments, "C1", "avg_order_value", "tenure_days", "active_days", "category_breadth",
        "spend_90d", "orders_90d", "frequency_repeat", "t_days", "monetary_repeat")).containsExactly(
        new BigDecimal("65.00"), 31, 1L, 2L, new BigDecimal("130.00"), 2L, 0L, 30, new BigDecimal("0.00"));
    assertThat(output.resolve("customer_segments/snapshot_date=2025-01-01/region_code=south")).isDirectory();
    assertThat(output.resolve("customer_segments/snapshot_date=2025-01-01/region_code=unknown")).isDirectory();
    assertThat(output.resolve("customer_segments/_delta_log")).isDirectory();

    Row summary = table(output, "segment_summary").selectExpr("sum(customers)", "sum(revenue)").first();
    assertThat(summary.getLong(0)).isEqualTo(5);
    assertThat(summary.getDecimal(1)).isEqualByComparingTo("1744.56");
    assertThat(table(output, "rejects").count()).isEqualTo(7);
    assertThat(table(output, "customers_clean").count()).isEqualTo(5);
    assertThat(table(output, "transactions_clean").selectExpr("count(*)", "sum(amount)").first().toString())
        .isEqualTo("[6,1744.56]");
    assertThat(output.resolve("transactions_clean/snapshot_date=2025-01-01/order_month=2024-12")).isDirectory();

    Row metrics = table(output, "run_metrics").first();
    assertThat(metrics.getAs("step").toString()).isEqualTo("all");
    assertThat(metrics.getAs("status").toString()).isEqualTo("succeeded");
    assertThat(metrics.getJavaMap(metrics.fieldIndex("input_counts"))).isEqualTo(Map.ofEntries(
        Map.entry("customers_read", 8L), Map.entry("customers_kept", 5L), Map.entry("customers_rejected", 2L),
        Map.entry("customers_duplicates_removed", 1L), Map.entry("transactions_read", 12L),
        Map.entry("transactions_kept", 6L), Map.entry("transactions_rejected", 5L),
        Map.entry("transactions_duplicates_removed", 1L), Map.entry("duplicates_removed", 2L),
        // The removed copy is O1's line of 100.00; no id needed folding.
        Map.entry("transactions_duplicates_amount_removed_cents", 10_000L), Map.entry("customer_ids_normalized", 0L),
        Map.entry("customers_created", 0L), Map.entry("customers_net_spend_not_positive", 0L),
        Map.entry("customers_segmented", 5L)));
    assertThat(metrics.getJavaMap(metrics.fieldIndex("rejects"))).isEqualTo(Map.of("customers.BAD_DATE", 1L,
        "customers.MISSING_CUSTOMER_ID", 1L, "transactions.AFTER_SNAPSHOT", 1L, "transactions.BAD_AMOUNT", 1L,
        "transactions.BAD_DATE", 1L, "transactions.MISSING_CUSTOMER_ID", 1L, "transactions.UNKNOWN_CUSTOMER", 1L));
    assertThat(metrics.getJavaMap(metrics.fieldIndex("unknown_provinces"))).isEqualTo(Map.of("火星", 1L));
    // k-means quality; the value models are not fitted on 4 buyers without repeat purchases (columns left null).
    assertThat(metrics.getJavaMap(metrics.fieldIndex("model"))).containsEntry("k", 2.0).containsKeys("silhouette",
        "cost", "davies_bouldin").doesNotContainKey("bgnbd_r");
    assertThat(metrics.getJavaMap(metrics.fieldIndex("stage_seconds"))).containsKeys("ingest: read customers",
        "write: customers_clean", "segment: k-means");
    assertThat(first.metrics().configHash()).isEqualTo(config.configHash()).hasSize(64);
    // k-means over the 4 buyers (k = 2): one profile per cluster, and a value_tier x cluster cross-tab of all 5.
    assertThat(first.clusters().k()).isEqualTo(2);
    Row profiles = table(output, "cluster_profiles")
        .selectExpr("count(*)", "sum(customers)", "sum(revenue)", "count(cluster_name)").first();
    assertThat(profiles.getLong(0)).isEqualTo(2);
    assertThat(profiles.getLong(1)).isEqualTo(4);
    assertThat(profiles.getDecimal(2)).isEqualByComparingTo("1744.56");
    assertThat(profiles.getLong(3)).isEqualTo(2);
    Row crosstab = table(output, "segment_crosstab").where("dimension = 'value_tier'")
        .selectExpr("sum(customers)", "sum(revenue)").first();
    assertThat(crosstab.getLong(0)).isEqualTo(5);
    assertThat(crosstab.getDecimal(1)).isEqualByComparingTo("1744.56");
    // Loyalty and motive (the lines have categories) are crossed too; attitude is not, without a feedback source.
    assertThat(table(output, "segment_crosstab").groupBy("dimension").agg(org.apache.spark.sql.functions.sum("customers")).orderBy("dimension")
        .collectAsList()).extracting(Row::toString).containsExactly("[loyalty,5]", "[motive,5]",
            "[rfm_segment,5]", "[value_tier,5]");
    assertThat(output.resolve("models/kmeans/snapshot_date=2025-01-01")).isDirectory();

    SegmentationPipeline.run(spark, config);
    assertThat(table(output, "customer_segments").count()).isEqualTo(5);
    assertThat(table(output, "segment_summary").selectExpr("sum(customers)").first().getLong(0)).isEqualTo(5);
    assertThat(table(output, "rejects").count()).isEqualTo(7);
    assertThat(table(output, "cluster_profiles").count()).isEqualTo(2);

    assertThat(table(output, "run_metrics").count()).as("one run_metrics row per run").isEqualTo(2);
    // Other snapshots are left alone by a run: see monthlyRunsKeepHistory... below.
  }

  @Test
  void ingestThenSegmentStepsMatchOneRunAndUnknownCustomersCanBeCreated() {
    SparkSession spark = TestSpark.session();
    Path output = dir.resolve("out-steps");
    JobConfig config = config(output, "2025-01-01", "--set", "segmentation.quality.max-reject-ratio=1.0",
        "--set", "segmentation.quality.unknown-customer=create-minimal-customer");

    RunResult ingest = SegmentationPipeline.run(spark, config.withStep(Step.INGEST));

    assertThat(output.resolve("customer_segments")).doesNotExist();
    assertThat(ingest.transactions().rejectedByReason()).doesNotContainKey("UNKNOWN_CUSTOMER");
    assertThat(ingest.transactions().kept()).isEqualTo(7);
    assertThat(ingest.metrics().inputCounts()).containsEntry("customers_created", 1L);
    assertThat(table(output, "customers_clean").where("customer_id = 'C9'")
        .selectExpr("province_raw IS NULL AND city IS NULL").first().getBoolean(0)).isTrue();
    // Personal data is protected in the silver table too (default privacy mode: drop).
    assertThat(table(output, "customers_clean").columns()).doesNotContain("name", "phone");

    RunResult segment = SegmentationPipeline.run(spark,
        TestConfigs.load("--output", output.toString(), "--step", "segment",
            "--set", "segmentation.kmeans.k=2"));

    assertThat(segment.snapshotDate()).isEqualTo(LocalDate.parse("2025-01-01"));
    assertThat(segment.segmentedCustomers()).isEqualTo(6);
    assertThat(segment.unknownProvinces()).containsExactly(new RunResult.UnknownProvince("火星", 1),
        new RunResult.UnknownProvince(null, 1));
    assertThat(table(output, "customer_segments").where("customer_id = 'C9'")
        .selectExpr("region_code", "monetary").first().toString()).isEqualTo("[unknown,10.00]");
    assertThat(table(output, "run_metrics").orderBy("started_at").select("step").collectAsList().toString())
        .isEqualTo("[[ingest], [segment]]");
    Map<String, String> types = new TreeMap<>();
    for (var f : table(output, "run_metrics").schema().fields()) {
      types.put(f.name(), f.dataType().catalogString());
    }
    Map<String, String> expected = new TreeMap<>();
    for (var f : RunMetricsTable.SCHEMA.fields()) {
      expected.put(f.name(), f.dataType().catalogString());
    }
    assertThat(types).isEqualTo(expected);
    assertThat(expected).containsEntry("input_counts", "map<string,bigint>")
        .containsEntry("stage_seconds", "map<string,double>").containsEntry("snapshot_date", "date");
  }

  /**
   * Monthly runs on one output root, incremental RFM on (each run after the first merges the previous snapshot's
   * customer_aggregates): December, January, a January 6 run that fails, a January 10 run whose driver dies, then a
   * January 6 rerun keeping two snapshots and registering the tables in the catalog. Each test checks one rule on
   * what the runs left.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @org.junit.jupiter.api.parallel.ResourceLock(TestSpark.LARGE_PIPELINES)
  class MonthlyRuns {
    private final Path output = dir.resolve("out-history");
    private final List<String> tables = List.of("rejects", "customer_segments", "segment_summary",
        "segment_migration", "customer_aggregates", "models/kmeans_labels");
    private boolean migrationAfterTheFirstRun;
    private List<String> migrationInJanuary;
    private long newOrGoneInJanuary;
    private Map<String, List<String>> beforeTheFailedRun;
    private Throwable failure;
    private volatile Throwable concurrentRun;
    private long runsRecordedBeforeTheConcurrentRun;
    private long runsRecordedAfterTheConcurrentRun;
    private Map<String, List<String>> afterTheFailedRun;
    private Throwable driverDeath;
    private List<String> segmentsAfterTheDriverDied;
    private List<String> catalogTables;
    private long latestSegmentsInCatalog;
    private Map<String, List<String>> after;

    @BeforeAll
    void runTheMonths() {
      SparkSession spark = TestSpark.session();
      JobConfig december = config(output, "2024-12-15", "--set", "segmentation.quality.max-reject-ratio=1.0",
          "--set", "segmentation.rfm.incremental=true");
      SegmentationPipeline.run(spark, december);
      migrationAfterTheFirstRun = Files.exists(output.resolve("segment_migration"));

      // While the January run holds the output root (it has just written customer_segments), a second run on the
      // same root starts in another thread: it must fail at once, naming the January run, and write nothing.
      JobConfig january = december.withAsOf(LocalDate.parse("2025-01-01"));
      SegmentationPipeline.run(spark, january, path -> {
        if (path.endsWith("customer_segments") && concurrentRun == null) {
          runsRecordedBeforeTheConcurrentRun = table(output, "run_metrics").count();
          Thread second = new Thread(() -> concurrentRun = catchThrowable(() -> SegmentationPipeline.run(spark,
              january.withAsOf(LocalDate.parse("2025-01-02")))));
          second.start();
          try {
            second.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          runsRecordedAfterTheConcurrentRun = table(output, "run_metrics").count();
        }
      });
      Dataset<Row> migration = table(output, "segment_migration");
      migrationInJanuary = migration.groupBy("snapshot_date", "previous_snapshot_date", "dimension")
          .agg(org.apache.spark.sql.functions.sum("customers"), org.apache.spark.sql.functions.sum("revenue"))
          .orderBy("dimension").collectAsList().stream().map(Row::toString).toList();
      newOrGoneInJanuary = migration.where("from_value IN ('(new)') OR to_value IN ('(gone)')").count();

      beforeTheFailedRun = snapshotCounts(output, tables);
      failure = catchThrowable(() -> SegmentationPipeline.run(spark,
          december.withAsOf(LocalDate.parse("2025-01-06")), path -> {
            if (path.endsWith("customer_segments")) {
              throw new IllegalStateException("injected failure after writing " + path);
            }
          }));
      afterTheFailedRun = snapshotCounts(output, tables);

      // The driver dies (an Error: no code of the run gets to roll back) after writing customer_segments of
      // 2025-01-10.
      driverDeath = catchThrowable(() -> SegmentationPipeline.run(spark,
          december.withAsOf(LocalDate.parse("2025-01-10")), path -> {
            if (path.endsWith("customer_segments")) {
              throw new OutOfMemoryError("simulated driver death after writing " + path);
            }
          }));
      segmentsAfterTheDriverDied = snapshotCounts(output, List.of("customer_segments")).get("customer_segments");

      JobConfig keepTwo = config(output, "2025-01-06", "--set", "segmentation.quality.max-reject-ratio=1.0",
          "--set", "segmentation.output.keep-snapshots=2", "--set", "segmentation.output.vacuum-retention-hours=0",
          "--set", "segmentation.rfm.incremental=true",
          "--set", "segmentation.output.catalog-database=custseg_history");
      SegmentationPipeline.run(spark, keepTwo);
      try {
        catalogTables = spark.sql("SHOW TABLES IN custseg_history").where("NOT isTemporary").select("tableName")
            .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
        latestSegmentsInCatalog = spark.sql("SELECT count(*) FROM custseg_history.latest_customer_segments")
            .first().getLong(0);
      } finally {
        spark.sql("DROP DATABASE IF EXISTS custseg_history CASCADE");
      }
      after = snapshotCounts(output, tables);
    }

    @Test
    void theFirstSnapshotHasNoMigration() {
      assertThat(migrationAfterTheFirstRun).isFalse();
    }

    @Test
    void theNextSnapshotRecordsTheMovesOfEveryCustomerFromThePreviousOne() {
      // The same five customers in both snapshots; revenue is the January monetary (130.00 + 300.00 + 1234.56 +
      // 80.00).
      assertThat(migrationInJanuary).containsExactly("[2025-01-01,2024-12-15,cluster_id,5,1744.56]",
          "[2025-01-01,2024-12-15,loyalty,5,1744.56]", "[2025-01-01,2024-12-15,motive,5,1744.56]",
          "[2025-01-01,2024-12-15,value_tier,5,1744.56]");
      assertThat(newOrGoneInJanuary).isZero();
      assertThat(after.get("segment_migration").get(after.get("segment_migration").size() - 1))
          .startsWith("2025-01-06=");
    }

    @Test
    void incrementalRfmEqualsAFullRecomputeInEverySnapshot() {
      assertSameFeaturesAsAFullRecompute(output, LocalDate.parse("2025-01-01"));
      assertSameFeaturesAsAFullRecompute(output, LocalDate.parse("2025-01-06"));
      // C1..C4 have transactions; C5 none.
      assertThat(after.get("customer_aggregates")).containsExactly("2025-01-01=4", "2025-01-06=4");
    }

    @Test
    void aSecondRunOnTheSameOutputRootFailsAtOnceNamingTheRunHoldingItAndWritesNothing() {
      String january = table(output, "run_metrics").where("snapshot_date = DATE'2025-01-01'").select("run_id")
          .first().getString(0);
      assertThat(concurrentRun).isInstanceOf(OutputLock.OutputInUseException.class)
          .hasMessageStartingWith("output root " + output + " in use by run " + january + " since ");
      assertThat(runsRecordedAfterTheConcurrentRun).isEqualTo(runsRecordedBeforeTheConcurrentRun);
      assertThat(after.get("customer_segments")).noneMatch(c -> c.startsWith("2025-01-02"));
    }

    @Test
    void aFailedRunIsRolledBackInEveryTable() {
      assertThat(failure).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("injected failure after writing");
      assertThat(afterTheFailedRun).isEqualTo(beforeTheFailedRun);
    }

    @Test
    void aRunWhoseDriverDiedIsUndoneByTheNextRunAndRecordedAsInterrupted() {
      assertThat(driverDeath).isInstanceOf(OutOfMemoryError.class);
      assertThat(segmentsAfterTheDriverDied).contains("2025-01-10=5");
      assertThat(after.get("customer_segments")).noneMatch(c -> c.startsWith("2025-01-10"));
      assertThat(after.get("rejects")).noneMatch(c -> c.startsWith("2025-01-10"));
      assertThat(table(output, "run_metrics").where("status = 'interrupted'").select("snapshot_date")
          .collectAsList().stream().map(r -> r.get(0).toString()).toList()).containsExactly("2025-01-10");
    }

    @Test
    void theModelOfAFailedOrInterruptedRunIsUndoneWithTheTablesAndOnlyTheFinishedRunsPipelineIsKept() {
      // The failed and the interrupted run had saved their models (k-means runs before customer_segments): their
      // labels are gone with the tables (aFailedRunIsRolledBackInEveryTable compares them too), so the rerun of
      // 2025-01-06 matched its clusters with the model of 2025-01-01, and the snapshot keeps one pipeline folder.
      assertThat(after.get("models/kmeans_labels")).hasSize(2).noneMatch(c -> c.startsWith("2025-01-10"));
      assertThat(output.resolve("models/kmeans/snapshot_date=2025-01-06").toFile().list())
          .singleElement().asString().startsWith("run_id=");
      String folder = table(output, "models/kmeans_labels").where("snapshot_date = DATE'2025-01-06'")
          .select("pipeline_folder").distinct().first().getString(0);
      String runId = table(output, "run_metrics").where("snapshot_date = DATE'2025-01-06' AND status = 'succeeded'")
          .select("run_id").first().getString(0);
      assertThat(folder).isEqualTo("models/kmeans/snapshot_date=2025-01-06/run_id=" + runId);
    }

    @Test
    void retentionKeepsTheNewestSnapshotsAndVacuumRemovesTheOldFiles() {
      assertThat(after.get("customer_segments")).containsExactly("2025-01-01=5", "2025-01-06=5");
      // VACUUM with 0 hours removed the December data files from disk.
      assertThat(dataFiles(output.resolve("customer_segments/snapshot_date=2024-12-15"))).isEmpty();
      assertThat(dataFiles(output.resolve("customer_segments/snapshot_date=2025-01-01"))).isNotEmpty();
    }

    @Test
    void everyTableIsRegisteredInTheCatalogWithLatestSnapshotViews() {
      assertThat(catalogTables).containsExactly("cluster_profiles", "customer_aggregates",
          "customer_segments", "customers_clean", "latest_cluster_profiles", "latest_customer_segments",
          "latest_rejects", "latest_segment_crosstab", "latest_segment_migration", "latest_segment_summary",
          "rejects", "run_metrics", "segment_crosstab", "segment_migration", "segment_summary",
          "transactions_clean");
      assertThat(latestSegmentsInCatalog).isEqualTo(5);
    }
  }

  /**
   * segmentation.output.format = parquet: a run of 2025-01-01, its rerun, then a run of 2025-01-06, registering the
   * tables in the catalog. Each test checks one rule on what the runs left.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ParquetOutput {
    private final Path output = dir.resolve("out-parquet");
    private final List<String> analystTables = List.of("rejects", "customer_segments", "segment_summary",
        "cluster_profiles", "segment_crosstab");
    private RunResult first;
    private Map<String, Long> firstCounts;
    private Map<String, Long> rerunCounts;
    private RunResult rerun;
    private List<String> catalogSnapshots;
    private long catalogLatest;
    private long catalogSucceededRuns;

    @BeforeAll
    void runTwoSnapshotsAndARerun() {
      SparkSession spark = TestSpark.session();
      JobConfig config = config(output, "2025-01-01", "--set", "segmentation.quality.max-reject-ratio=1.0",
          "--set", "segmentation.output.format=parquet",
          "--set", "segmentation.output.catalog-database=custseg_parquet");
      first = SegmentationPipeline.run(spark, config);
      firstCounts = parquetCounts(spark, output, analystTables);
      rerun = SegmentationPipeline.run(spark, config);
      rerunCounts = parquetCounts(spark, output, analystTables);
      SegmentationPipeline.run(spark, config.withAsOf(LocalDate.parse("2025-01-06")));
      try {
        catalogSnapshots = spark.sql("SELECT snapshot_date, count(*) FROM custseg_parquet.customer_segments"
            + " GROUP BY 1 ORDER BY 1").collectAsList().stream().map(Row::toString).toList();
        catalogLatest = spark.sql("SELECT count(*) FROM custseg_parquet.latest_customer_segments").first()
            .getLong(0);
        catalogSucceededRuns = spark.sql("SELECT count(*) FROM custseg_parquet.run_metrics"
            + " WHERE status = 'succeeded'").first().getLong(0);
      } finally {
        spark.sql("DROP DATABASE IF EXISTS custseg_parquet CASCADE");
      }
    }

    @Test
    void theAnalystTablesArePlainParquetInTheSameLayoutAndTheWorkingTablesStayDelta() {
      // No log, no staging or trash left.
      for (String t : analystTables) {
        assertThat(output.resolve(t).resolve("_delta_log")).doesNotExist();
        assertThat(output.resolve(t).resolve("_staging")).doesNotExist();
        assertThat(output.resolve(t).resolve("_trash")).doesNotExist();
      }
      assertThat(output.resolve("customers_clean/_delta_log")).isDirectory();
      assertThat(output.resolve("customer_segments/snapshot_date=2025-01-01")).isDirectory();
    }

    @Test
    void runMetricsIsParquetTooWithOneFilePerRun() {
      assertThat(output.resolve("run_metrics/_delta_log")).doesNotExist();
      assertThat(TestSpark.session().read().parquet(output.resolve("run_metrics").toString())
          .groupBy("snapshot_date", "status").count().orderBy("snapshot_date").collectAsList().toString())
          .isEqualTo("[[2025-01-01,succeeded,2], [2025-01-06,succeeded,1]]");
    }

    @Test
    void aRerunReplacesItsSnapshotIdempotently() {
      // Every kept customer (C1..C5) once: the same counts, no duplicates.
      assertThat(first.customers().kept()).isEqualTo(5);
      assertThat(firstCounts.get("customer_segments")).isEqualTo(5);
      // 2 bad customers (BAD_DATE, MISSING_CUSTOMER_ID) + 5 bad transactions (one of each reason); duplicates are
      // counted, not quarantined.
      assertThat(firstCounts.get("rejects")).isEqualTo(7);
      assertThat(rerunCounts).isEqualTo(firstCounts);
      assertThat(TestSpark.session().read().parquet(output.resolve("customer_segments").toString())
          .where("snapshot_date = DATE'2025-01-01'").select("customer_id").distinct().count()).isEqualTo(5);
    }

    @Test
    void theHtmlReportIsWrittenFromTheParquetTables() throws IOException {
      assertThat(rerun.reportPath()).isNotNull();
      assertThat(Path.of(rerun.reportPath())).isRegularFile();
      assertThat(Files.readString(Path.of(rerun.reportPath()))).contains("<svg");
    }

    @Test
    void migrationComparesTheNextSnapshotWithThePreviousOneReadBackFromParquet() {
      Dataset<Row> migration = TestSpark.session().read().parquet(output.resolve("segment_migration").toString());
      assertThat(migration.groupBy("snapshot_date", "previous_snapshot_date", "dimension")
          .agg(org.apache.spark.sql.functions.sum("customers")).orderBy("dimension").collectAsList().stream()
          .map(Row::toString).toList())
          .containsExactly("[2025-01-06,2025-01-01,cluster_id,5]", "[2025-01-06,2025-01-01,loyalty,5]",
              "[2025-01-06,2025-01-01,motive,5]", "[2025-01-06,2025-01-01,value_tier,5]");
    }

    @Test
    void theCatalogRegistersParquetTablesWithEverySnapshotFolderAsAPartition() {
      assertThat(catalogSnapshots).containsExactly("[2025-01-01,5]", "[2025-01-06,5]");
      assertThat(catalogLatest).isEqualTo(5);
      assertThat(catalogSucceededRuns).isEqualTo(3);
    }
  }

  private static Map<String, Long> parquetCounts(SparkSession spark, Path output, List<String> tables) {
    Map<String, Long> counts = new TreeMap<>();
    tables.forEach(t -> counts.put(t, spark.read().parquet(output.resolve(t).toString()).count()));
    return counts;
  }

  /** The RFM columns of customer_segments for {@code snapshot} equal RfmFeatures on its transactions_clean. */
  private static void assertSameFeaturesAsAFullRecompute(Path output, LocalDate snapshot) {
    Dataset<Row> lines = SilverTables.readTransactions(TestSpark.session(),
        output.resolve(OutputTables.TRANSACTIONS_CLEAN.name()).toString(), snapshot);
    Dataset<Row> full = RfmFeatures.rfmPerCustomer(lines, snapshot, true);
    Dataset<Row> written = DeltaTables.readSnapshot(TestSpark.session(),
            output.resolve(OutputTables.CUSTOMER_SEGMENTS.name()).toString(), snapshot)
        .join(full.select(TransactionColumns.CUSTOMER_ID), TransactionColumns.CUSTOMER_ID, "left_semi")
        .selectExpr(full.columns());
    assertThat(full.count()).isEqualTo(4);
    assertThat(written.exceptAll(full).count()).isZero();
    assertThat(full.exceptAll(written).count()).isZero();
    // The motive features are not merged from a stored state but computed from all the snapshot's lines.
    Dataset<Row> motives = com.custseg.features.MotiveFeatures.perCustomer(lines);
    Dataset<Row> writtenMotives = DeltaTables.readSnapshot(TestSpark.session(),
            output.resolve(OutputTables.CUSTOMER_SEGMENTS.name()).toString(), snapshot)
        .join(full.select(TransactionColumns.CUSTOMER_ID), TransactionColumns.CUSTOMER_ID, "left_semi")
        .select(TransactionColumns.CUSTOMER_ID, com.custseg.features.MotiveColumns.ALL.toArray(String[]::new));
    assertThat(motives.count()).isEqualTo(4);
    assertThat(writtenMotives.exceptAll(motives).count()).isZero();
    assertThat(motives.exceptAll(writtenMotives).count()).isZero();
  }

  private static List<Path> dataFiles(Path folder) {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (var files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Rows per snapshot of each table, e.g. {@code customer_segments -> [2024-12-15=5, 2025-01-01=5]}. */
  private static Map<String, List<String>> snapshotCounts(Path output, List<String> tables) {
    Map<String, List<String>> counts = new TreeMap<>();
    for (String t : tables) {
      counts.put(t, table(output, t).groupBy("snapshot_date").count().orderBy("snapshot_date").collectAsList()
          .stream().map(r -> r.get(0) + "=" + r.getLong(1)).toList());
    }
    return counts;
  }

  @Test
  void tooFewBuyersForKMeansFinishTheRunWithEveryCustomerInClusterMinusOne() {
    Path output = dir.resolve("out-few-buyers");
    // Four buyers (C1..C4) cannot make five clusters.
    RunResult result = SegmentationPipeline.run(TestSpark.session(), config(output, "2025-01-06",
        "--set", "segmentation.kmeans.k=5", "--set", "segmentation.quality.max-reject-ratio=1.0"));

    assertThat(result.clusters()).isNull();
    assertThat(table(output, "customer_segments").orderBy("customer_id")
        .select("customer_id", "is_buyer", "cluster_id", "cluster_code", "cluster_name").collectAsList().stream()
        .map(Row::toString).toList()).containsExactly(
            "[C1,true,-1,not_clustered,未聚类]", "[C2,true,-1,not_clustered,未聚类]",
            "[C3,true,-1,not_clustered,未聚类]", "[C4,true,-1,not_clustered,未聚类]",
            "[C5,false,-1,no_purchase,未购买]");
    assertThat(output.resolve("cluster_profiles")).doesNotExist();
    assertThat(output.resolve("segment_crosstab")).doesNotExist();
    assertThat(table(output, "run_metrics").select("status").first().getString(0)).isEqualTo("succeeded");
  }

  @Test
  void theDefaultSnapshotIsTheDayAfterTheLatestUsableTransaction() {
    JobConfig config = config(dir.resolve("out-default"), null);
    Dataset<Row> parsed = InputCleaning.transactions(
        SourceReader.read(TestSpark.session(), config.transactions()), config.transactions());

    // The latest parseable line is O10 on 2025-01-05; O8's date 2024-13-45 does not count.
    assertThat(config.asOf()).isEmpty();
    assertThat(IngestStep.dayAfterLatestTransaction(parsed)).isEqualTo(LocalDate.parse("2025-01-06"));
  }

  @Test
  void tooManyRejectsFailTheRunBeforeAnythingIsWritten() {
    Path output = dir.resolve("out-gate");

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), config(output, "2025-01-01")))
        .isInstanceOf(QualityGateException.class)
        .hasMessageStartingWith("quality gate failed for customers: 2 of 8 rows rejected (25.00%), above "
            + "segmentation.quality.max-reject-ratio = 0.05");
    // Only the failed run's data-quality report is written.
    assertThat(output.toFile().list()).containsExactly("run_metrics");
    Row metrics = table(output, "run_metrics").first();
    assertThat(metrics.getAs("status").toString()).isEqualTo("failed");
    assertThat(metrics.getJavaMap(metrics.fieldIndex("rejects"))).containsEntry("customers.BAD_DATE", 1L);
  }
}
