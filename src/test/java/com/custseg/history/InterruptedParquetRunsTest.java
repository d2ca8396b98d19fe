package com.custseg.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.OutputFormat;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetrics;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SnapshotTables;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet run (run_metrics in Parquet too) whose driver dies leaves its staged markers and trash behind; the next run puts every table back from
 * them, at whatever step of the folder swap the run died, and drops what a succeeded run had not cleaned up.
 */
class InterruptedParquetRunsTest {
  private static final LocalDate JANUARY = LocalDate.parse("2026-01-01");
  private static final LocalDate FEBRUARY = LocalDate.parse("2026-02-01");
  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType);

  @TempDir
  Path dir;

  @Test
  void theSwapsOfARunKilledHalfWayAreUndoneFromItsMarkersAndTheRunIsRecordedAsInterrupted() throws IOException {
    SparkSession spark = TestSpark.session();
    String segments = dir.resolve("customer_segments").toString();
    String summary = dir.resolve("segment_summary").toString();
    String profiles = dir.resolve("cluster_profiles").toString();
    String metrics = dir.resolve("run_metrics").toString();

    // January: a run that recorded its success, then died before cleaning up (its markers are still there).
    SnapshotWrites january = parquetWrites(spark, "run-jan");
    january.replace(rows(spark, JANUARY, "c1", "c2"), segments, List.of(OutputTables.SNAPSHOT_DATE), JANUARY);
    january.replace(rows(spark, JANUARY, "c1"), summary, List.of(OutputTables.SNAPSHOT_DATE), JANUARY);
    january.replace(rows(spark, JANUARY, "c1", "c2"), profiles, List.of(OutputTables.SNAPSHOT_DATE), JANUARY);
    RunMetricsTable.append(spark, metrics, OutputFormat.PARQUET, new RunMetrics("run-jan", JANUARY, "all", Instant.now(), Instant.now(),
        "test", "hash", RunMetrics.SUCCEEDED, Map.of(), Map.of(), Map.of(), Map.of(), Map.of()));

    // A rerun of January dies: customer_segments swapped, segment_summary given a new February, and cluster_profiles
    // killed between its two renames (the old January moved to the trash, the new one not yet in place).
    SnapshotWrites rerun = parquetWrites(spark, "run-x");
    rerun.replace(rows(spark, JANUARY, "c1", "c2", "c3"), segments, List.of(OutputTables.SNAPSHOT_DATE), JANUARY);
    rerun.replace(rows(spark, FEBRUARY, "c1", "c4"), summary, List.of(OutputTables.SNAPSHOT_DATE), FEBRUARY);
    Path profilesDir = dir.resolve("cluster_profiles");
    Files.createDirectories(profilesDir.resolve("_staging/run-x"));
    Files.writeString(profilesDir.resolve("_staging/run-x/_replacing_2026-01-01"), "had-snapshot=true\n",
        StandardCharsets.UTF_8);
    Files.createDirectories(profilesDir.resolve("_trash/run-x"));
    Files.move(profilesDir.resolve("snapshot_date=2026-01-01"),
        profilesDir.resolve("_trash/run-x/snapshot_date=2026-01-01"));
    assertThat(counts(spark, segments)).containsExactly("2026-01-01=3");
    assertThat(counts(spark, summary)).containsExactly("2026-01-01=1", "2026-02-01=2");
    assertThat(SnapshotTables.exists(spark, profiles)).isFalse();

    List<InterruptedRuns.Undone> undone = InterruptedRuns.recover(spark, List.of(segments, summary, profiles,
        dir.resolve("never_written").toString()), metrics, OutputFormat.PARQUET);

    assertThat(undone).extracting(InterruptedRuns.Undone::path, InterruptedRuns.Undone::runId,
            InterruptedRuns.Undone::snapshotDate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(segments, "run-x", JANUARY),
            org.assertj.core.groups.Tuple.tuple(summary, "run-x", FEBRUARY),
            org.assertj.core.groups.Tuple.tuple(profiles, "run-x", JANUARY));
    assertThat(counts(spark, segments)).containsExactly("2026-01-01=2");
    assertThat(counts(spark, summary)).containsExactly("2026-01-01=1");
    assertThat(counts(spark, profiles)).containsExactly("2026-01-01=2");
    // No run's staging or trash is left, in any table.
    assertThat(leftovers()).isEmpty();
    // run_metrics is plain Parquet as well: one file per run, no staging left.
    assertThat(dir.resolve("run_metrics/_delta_log")).doesNotExist();
    try (Stream<Path> files = Files.list(dir.resolve("run_metrics"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))).hasSize(2)
          .allMatch(n -> n.startsWith("part-") && n.endsWith(".parquet"));
    }
    assertThat(spark.read().parquet(metrics).orderBy(RunMetricsTable.RUN_ID)
        .select(RunMetricsTable.RUN_ID, RunMetricsTable.SNAPSHOT_DATE, RunMetricsTable.STATUS).collectAsList()
        .stream().map(Row::toString).toList())
        .containsExactly("[run-jan,2026-01-01,succeeded]", "[run-x,2026-01-01,interrupted]");
    assertThat(InterruptedRuns.recover(spark, List.of(segments, summary, profiles), metrics, OutputFormat.PARQUET))
        .isEmpty();
  }

  private static SnapshotWrites parquetWrites(SparkSession spark, String runId) {
    return new SnapshotWrites(spark, runId, SnapshotWrites.Listener.NONE, path -> SnapshotTables.PARQUET);
  }

  private List<String> leftovers() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(p -> dir.relativize(p).toString())
          .filter(p -> p.contains("_staging") || p.contains("_trash")).toList();
    }
  }

  private static Dataset<Row> rows(SparkSession spark, LocalDate snapshot, String... customerIds) {
    return spark.createDataFrame(Arrays.stream(customerIds)
        .map(id -> RowFactory.create(id, Date.valueOf(snapshot))).toList(), SCHEMA);
  }

  /** Rows per snapshot as a plain Parquet reader sees them. */
  private static List<String> counts(SparkSession spark, String path) {
    return spark.read().parquet(path).groupBy(OutputTables.SNAPSHOT_DATE).count()
        .orderBy(OutputTables.SNAPSHOT_DATE).collectAsList().stream()
        .map(r -> r.get(0) + "=" + r.getLong(1)).toList();
  }
}
