package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigLoader;
import com.custseg.config.JobArgs;
import com.custseg.config.JobConfig;
import com.custseg.io.SourceReader;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.QualityGate.QualityGateException;
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
import org.junit.jupiter.api.Test;
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
    return ConfigLoader.load(JobArgs.parse(args.toArray(String[]::new)));
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
        .isEqualTo(Map.of("BAD_DATE", 1L, "DUPLICATE_ROW", 1L, "MISSING_CUSTOMER_ID", 1L));
    assertThat(first.transactions().read()).isEqualTo(12);
    assertThat(first.transactions().kept()).isEqualTo(6);
    assertThat(first.transactions().rejectedByReason()).isEqualTo(Map.of("AFTER_SNAPSHOT", 1L, "BAD_AMOUNT", 1L,
        "BAD_DATE", 1L, "DUPLICATE_ROW", 1L, "MISSING_CUSTOMER_ID", 1L, "UNKNOWN_CUSTOMER", 1L));
    assertThat(first.unknownProvinces()).containsExactly(new RunResult.UnknownProvince("火星", 1));

    Dataset<Row> segments = table(output, "customer_segments");
    assertThat(segments.count()).isEqualTo(5);
    assertThat(segments.columns()).doesNotContain("name", "phone");
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
    assertThat(output.resolve("customer_segments/snapshot_date=2025-01-01/region_code=south")).isDirectory();
    assertThat(output.resolve("customer_segments/snapshot_date=2025-01-01/region_code=unknown")).isDirectory();
    assertThat(output.resolve("customer_segments/_delta_log")).isDirectory();

    Row summary = table(output, "segment_summary").selectExpr("sum(customers)", "sum(revenue)").first();
    assertThat(summary.getLong(0)).isEqualTo(5);
    assertThat(summary.getDecimal(1)).isEqualByComparingTo("1744.56");
    assertThat(table(output, "rejects").count()).isEqualTo(9);
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
    assertThat(output.resolve("models/kmeans/snapshot_date=2025-01-01")).isDirectory();

    SegmentationPipeline.run(spark, config);
    assertThat(table(output, "customer_segments").count()).isEqualTo(5);
    assertThat(table(output, "segment_summary").selectExpr("sum(customers)").first().getLong(0)).isEqualTo(5);
    assertThat(table(output, "rejects").count()).isEqualTo(9);
    assertThat(table(output, "cluster_profiles").count()).isEqualTo(2);

    SegmentationPipeline.run(spark, config.withAsOf(LocalDate.parse("2024-12-15")));
    assertThat(table(output, "customer_segments").groupBy("snapshot_date").count().count()).isEqualTo(2);
    assertThat(table(output, "customer_segments").where("snapshot_date = DATE'2025-01-01'").count()).isEqualTo(5);
    assertThat(table(output, "customer_segments").where("snapshot_date = DATE'2024-12-15'").count()).isEqualTo(5);
  }

  @Test
  void theDefaultSnapshotIsTheDayAfterTheLatestUsableTransaction() {
    JobConfig config = config(dir.resolve("out-default"), null);
    Dataset<Row> parsed = InputCleaning.transactions(
        SourceReader.read(TestSpark.session(), config.transactions()), config.transactions());

    // The latest parseable line is O10 on 2025-01-05; O8's date 2024-13-45 does not count.
    assertThat(config.asOf()).isEmpty();
    assertThat(SegmentationPipeline.dayAfterLatestTransaction(parsed)).isEqualTo(LocalDate.parse("2025-01-06"));
  }

  @Test
  void tooManyRejectsFailTheRunBeforeAnythingIsWritten() {
    Path output = dir.resolve("out-gate");

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), config(output, "2025-01-01")))
        .isInstanceOf(QualityGateException.class)
        .hasMessageStartingWith("quality gate failed for customers: 3 of 8 rows rejected (37.50%), above "
            + "segmentation.quality.max-reject-ratio = 0.05");
    assertThat(output).doesNotExist();
  }
}
