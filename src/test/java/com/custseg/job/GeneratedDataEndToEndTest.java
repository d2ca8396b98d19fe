package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.JobConfig;
import com.custseg.report.RunResult;
import com.custseg.sample.SampleDataGenerator.GeneratorSettings;
import com.custseg.sample.SampleDataGenerator;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end on data of the sample generator, run in-process: 100 customers and 1,000 transaction lines in
 * Parquet (typed dates, decimal amounts, instants), segmented, then the same snapshot again.
 */
class GeneratedDataEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void generatedParquetIsSegmentedIntoPartitionedTablesAndARerunReplacesItsSnapshot() {
    SampleDataGenerator.Written written = SampleDataGenerator.write(TestSpark.session(), GeneratorSettings.parse(
        "--customers", "100", "--transactions", "1000", "--format", "parquet", "--seed", "7",
        "--start-date", "2025-01-01", "--end-date", "2025-12-31", "--output", dir.resolve("input").toString()));
    Path output = dir.resolve("out");
    JobConfig config = TestConfigs.load(
        "--set", "segmentation.input.customers.format=parquet",
        "--set", "segmentation.input.customers.path=" + written.customersPath(),
        "--set", "segmentation.input.transactions.format=parquet",
        "--set", "segmentation.input.transactions.path=" + written.transactionsPath(),
        "--set", "segmentation.quality.max-reject-ratio=1.0",
        "--set", "segmentation.kmeans.k=3",
        "--set", "segmentation.value.enabled=false",
        "--as-of", "2026-01-01", "--output", output.toString());

    RunResult first = SegmentationPipeline.run(TestSpark.session(), config);

    assertThat(first.customers().read()).isEqualTo(100);
    assertThat(first.transactions().read()).isEqualTo(1000);
    Dataset<Row> segments = TestSpark.session().read().format("delta")
        .load(output.resolve("customer_segments").toString());
    long rows = segments.count();
    assertThat(rows).isEqualTo(first.customers().kept()).isEqualTo(first.segmentedCustomers());
    assertThat(segments.select("customer_id").distinct().count()).isEqualTo(rows);
    assertThat(output.resolve("customer_segments/snapshot_date=2026-01-01")).isDirectory();
    assertThat(output.resolve("customer_segments/snapshot_date=2026-01-01/region_code=east")).isDirectory();
    assertThat(output.resolve("customer_segments/snapshot_date=2026-01-01").toFile().list())
        .allMatch(name -> name.startsWith("region_code="));

    RunResult rerun = SegmentationPipeline.run(TestSpark.session(), config);

    assertThat(rerun.segmentedCustomers()).isEqualTo(rows);
    assertThat(TestSpark.session().read().format("delta").load(output.resolve("customer_segments").toString())
        .count()).isEqualTo(rows);
    assertThat(TestSpark.session().read().format("delta").load(output.resolve("run_metrics").toString()).count())
        .isEqualTo(2);
  }
}
