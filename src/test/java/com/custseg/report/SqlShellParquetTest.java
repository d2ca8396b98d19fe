package com.custseg.report;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.OutputFormat;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetrics;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SnapshotTables;
import com.custseg.testing.TestSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** sql.sh over a Parquet output (segmentation.output.format = parquet): the same views as over Delta. */
@ResourceLock(TestSpark.TEMP_VIEWS)
class SqlShellParquetTest {
  private static final StructType SEGMENTS = new StructType()
      .add("customer_id", DataTypes.StringType, false)
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType, false)
      .add("region_code", DataTypes.StringType, false);

  @TempDir
  Path dir;

  @Test
  void everyParquetTableIsAViewByItsNameAndTablesWithSnapshotsAlsoAsTheirLatestSnapshot() {
    SparkSession spark = TestSpark.session();
    String segments = dir.resolve(OutputTables.CUSTOMER_SEGMENTS.name()).toString();
    SnapshotWrites writes = new SnapshotWrites(spark, "run-1", SnapshotWrites.Listener.NONE,
        path -> SnapshotTables.PARQUET);
    writes.replace(table(SEGMENTS, row("c1", date("2026-01-01"), "east"), row("c2", date("2026-01-01"), "north")),
        segments, OutputTables.CUSTOMER_SEGMENTS.partitionColumns(), LocalDate.parse("2026-01-01"));
    writes.replace(table(SEGMENTS, row("c1", date("2026-02-01"), "east")), segments,
        OutputTables.CUSTOMER_SEGMENTS.partitionColumns(), LocalDate.parse("2026-02-01"));
    RunMetricsTable.append(spark, dir.resolve(OutputTables.RUN_METRICS.name()).toString(), OutputFormat.PARQUET,
        new RunMetrics("run-1", LocalDate.parse("2026-02-01"), "all", Instant.now(), Instant.now(), "test", "hash",
            RunMetrics.SUCCEEDED, Map.of(), Map.of(), Map.of(), Map.of(), Map.of()));
    writes.commit();

    List<String> views = SqlShell.registerTables(spark, dir.toString());

    // run_metrics, one row per run, has no latest_ view: the same views as the catalog registers.
    assertThat(views).containsExactly("customer_segments", "latest_customer_segments", "run_metrics");
    assertThat(spark.sql("SELECT count(*) FROM customer_segments").first().getLong(0)).isEqualTo(3);
    assertThat(spark.sql("SELECT customer_id, snapshot_date FROM latest_customer_segments").collectAsList()
        .toString()).isEqualTo("[[c1,2026-02-01]]");
    assertThat(spark.sql("SELECT run_id, status FROM run_metrics").collectAsList().toString())
        .isEqualTo("[[run-1,succeeded]]");
  }
}
