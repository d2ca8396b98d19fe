package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.io.OutputTables;
import com.custseg.io.RunMetricsTable;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every run that got past the config checks leaves its run_metrics row, whatever step it failed in. */
class FailedRunsRecordedTest {
  @TempDir
  Path dir;

  @Test
  void aRunThatFailsReadingItsInputIsRecordedAsFailedWithTheStageAndTheError() throws Exception {
    Path output = dir.resolve("out");
    // A customers export without the customer id column: the ingest step fails on reading it.
    Path missing = dir.resolve("no-id-customers.csv");
    java.nio.file.Files.writeString(missing, "name,province\n张三,广东省\n");

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), TestConfigs.load(
        "--set", "segmentation.input.customers.path=" + missing, "--as-of", "2025-01-01",
        "--output", output.toString())))
        .isInstanceOf(RuntimeException.class);

    // Nothing but the failed run's row is written, and the lock is released.
    assertThat(output.toFile().list()).containsExactly(OutputTables.RUN_METRICS.name());
    Row row = RunMetricsTable.read(TestSpark.session(), output.resolve("run_metrics").toString()).orElseThrow()
        .first();
    assertThat(row.<String>getAs(RunMetricsTable.STATUS)).isEqualTo("failed");
    assertThat(row.<Object>getAs(RunMetricsTable.SNAPSHOT_DATE).toString()).isEqualTo("2025-01-01");
    assertThat(row.<String>getAs(RunMetricsTable.ERROR)).startsWith("stage 'ingest: read customers': ")
        .contains("customer_id");
  }
}
