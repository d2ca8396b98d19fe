package com.custseg.history;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.custseg.config.OutputFormat;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetrics;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SnapshotTables;
import com.custseg.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run whose driver dies leaves no rollback behind; the next run undoes its writes before doing anything. The same
 * for both output formats (run_metrics in the format too); {@link InterruptedParquetRunsTest} covers what only a
 * Parquet folder swap can leave behind.
 */
class InterruptedRunsTest {
  private static final LocalDate JANUARY = LocalDate.parse("2026-01-01");
  private static final LocalDate FEBRUARY = LocalDate.parse("2026-02-01");
  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType);

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void theWritesOfARunThatNeverRecordedItsEndAreUndoneOnceAndTheRunIsRecordedAsInterrupted(OutputFormat format) {
    SparkSession spark = TestSpark.session();
    String segments = dir.resolve("customer_segments").toString();
    String summary = dir.resolve("segment_summary").toString();
    String metrics = dir.resolve("run_metrics").toString();

    // January: a run that finished (its run_metrics row is there).
    SnapshotWrites january = writes(spark, "run-jan", format);
    january.replace(rows(spark, JANUARY, "c1", "c2"), segments, List.of(OutputTables.SNAPSHOT_DATE), JANUARY);
    RunMetricsTable.append(spark, metrics, format, succeeded("run-jan", JANUARY));

    // February: the driver dies after two writes, one of them creating segment_summary; nothing is rolled back.
    SnapshotWrites february = writes(spark, "run-feb", format);
    february.replace(rows(spark, FEBRUARY, "c1", "c2", "c3"), segments, List.of(OutputTables.SNAPSHOT_DATE),
        FEBRUARY);
    february.replace(rows(spark, FEBRUARY, "c1"), summary, List.of(OutputTables.SNAPSHOT_DATE), FEBRUARY);
    assertThat(snapshots(spark, segments)).containsExactly("2026-01-01=2", "2026-02-01=3");

    Instant beforeRecovery = Instant.now();
    List<InterruptedRuns.Undone> undone = InterruptedRuns.recover(spark, List.of(segments, summary,
        dir.resolve("never_written").toString()), metrics, format);

    assertThat(undone).extracting(InterruptedRuns.Undone::path, InterruptedRuns.Undone::runId,
            InterruptedRuns.Undone::snapshotDate)
        .containsExactlyInAnyOrder(tuple(segments, "run-feb", FEBRUARY), tuple(summary, "run-feb", FEBRUARY));
    if (format == OutputFormat.DELTA) {
      // customer_segments restored to its January version; segment_summary, created by the run, emptied.
      assertThat(undone).extracting(InterruptedRuns.Undone::path, InterruptedRuns.Undone::restoredVersion)
          .containsExactlyInAnyOrder(tuple(segments, 0L), tuple(summary, -1L));
    }
    assertThat(snapshots(spark, segments)).containsExactly("2026-01-01=2");
    assertThat(snapshots(spark, summary)).isEmpty();
    assertThat(SnapshotTables.read(spark, metrics).orderBy(RunMetricsTable.RUN_ID)
        .select(RunMetricsTable.RUN_ID, RunMetricsTable.SNAPSHOT_DATE, RunMetricsTable.STATUS).collectAsList()
        .stream().map(Row::toString).toList())
        .containsExactly("[run-feb,2026-02-01,interrupted]", "[run-jan,2026-01-01,succeeded]");
    // The interrupted run ran from its first write to its last, not until it was undone.
    Row interrupted = SnapshotTables.read(spark, metrics).where(col(RunMetricsTable.STATUS).equalTo("interrupted"))
        .first();
    Instant started = interrupted.<java.sql.Timestamp>getAs(RunMetricsTable.STARTED_AT).toInstant();
    Instant finished = interrupted.<java.sql.Timestamp>getAs(RunMetricsTable.FINISHED_AT).toInstant();
    assertThat(started).isBeforeOrEqualTo(finished);
    assertThat(finished).isBeforeOrEqualTo(beforeRecovery);

    // The interrupted run is now recorded: recovering again undoes nothing, and a later run's writes stay.
    SnapshotWrites rerun = writes(spark, "run-feb-2", format);
    rerun.replace(rows(spark, FEBRUARY, "c1", "c2", "c3", "c4"), segments, List.of(OutputTables.SNAPSHOT_DATE),
        FEBRUARY);
    RunMetricsTable.append(spark, metrics, format, succeeded("run-feb-2", FEBRUARY));
    rerun.commit();
    assertThat(InterruptedRuns.recover(spark, List.of(segments, summary), metrics, format)).isEmpty();
    assertThat(snapshots(spark, segments)).containsExactly("2026-01-01=2", "2026-02-01=4");
  }

  private static SnapshotWrites writes(SparkSession spark, String runId, OutputFormat format) {
    return new SnapshotWrites(spark, runId, SnapshotWrites.Listener.NONE, path -> SnapshotTables.of(format));
  }

  private static RunMetrics succeeded(String runId, LocalDate snapshot) {
    return new RunMetrics(runId, snapshot, "all", Instant.now(), Instant.now(), "test", "hash", RunMetrics.SUCCEEDED,
        Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  private static Dataset<Row> rows(SparkSession spark, LocalDate snapshot, String... customerIds) {
    return spark.createDataFrame(java.util.Arrays.stream(customerIds)
        .map(id -> RowFactory.create(id, Date.valueOf(snapshot))).toList(), SCHEMA);
  }

  /** Rows per snapshot of a table of either format; none when the table is not there. */
  private static List<String> snapshots(SparkSession spark, String path) {
    if (!SnapshotTables.exists(spark, path)) {
      return List.of();
    }
    return SnapshotTables.read(spark, path).groupBy(OutputTables.SNAPSHOT_DATE).count()
        .orderBy(OutputTables.SNAPSHOT_DATE).collectAsList().stream()
        .map(r -> r.get(0) + "=" + r.getLong(1)).toList();
  }
}
