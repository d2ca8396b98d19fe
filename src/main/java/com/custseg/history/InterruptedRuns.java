package com.custseg.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.custseg.config.OutputFormat;
import com.custseg.io.RunMetrics;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SnapshotTable;
import com.custseg.io.SnapshotTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes the table writes of a run whose driver died before it could roll them back.
 *
 * <p>{@link SnapshotWrites} rolls a failed run back itself, but a driver that is killed (out of memory, a preempted
 * container, a lost node) runs no code: the tables it had already written keep the new snapshot while the others do
 * not. Every write of a run is therefore marked with the run's id (Delta: the commit's userMetadata; Parquet: a
 * marker file in the table's {@code _staging/<runId>} folder, kept until the run succeeded), and a run that ends,
 * succeeded or failed, records its end in run_metrics. At the start of the next run, a marked write whose run has no
 * run_metrics row belongs to an interrupted run: each table holding one is put back as it was before that write
 * ({@link SnapshotTable#undo}: Delta restores the version before the commit, or deletes the snapshot from a table the
 * run created; Parquet moves the replaced snapshot folder back from the trash). The output is then as the last
 * finished run left it, and the new run goes on from there. The interrupted run then gets its run_metrics row
 * (status interrupted), which both tells analysts what happened and marks the run as dealt with. Parquet leftovers of
 * a finished run (its driver died while cleaning up) are settled: dropped after a success, undone after a failure.
 *
 * <p>Runs must not overlap on one output root: a run still in progress looks interrupted to another one.
 */
public final class InterruptedRuns {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptedRuns.class);

  /** What was undone in one table; {@code restoredVersion} is -1 when a snapshot was removed, or for Parquet. */
  public record Undone(String path, String runId, LocalDate snapshotDate, long restoredVersion) {}

  /**
   * Puts back every table in {@code tablePaths} that holds a write of an interrupted run (see the class comment).
   * Tables that do not exist are skipped. Returns what was undone, for the log and for tests.
   */
  public static List<Undone> recover(SparkSession spark, List<String> tablePaths, String runMetricsPath) {
    return recover(spark, tablePaths, runMetricsPath, OutputFormat.DELTA);
  }

  /**
   * As {@link #recover(SparkSession, List, String)}; a run_metrics table that does not exist yet is created in
   * {@code runMetricsFormat}.
   */
  public static List<Undone> recover(SparkSession spark, List<String> tablePaths, String runMetricsPath,
      OutputFormat runMetricsFormat) {
    Map<String, SnapshotTable> formats = new LinkedHashMap<>();
    Map<String, List<SnapshotTable.PendingWrite>> pending = new LinkedHashMap<>();
    Set<String> runIds = new HashSet<>();
    for (String path : tablePaths) {
      SnapshotTable table = SnapshotTables.at(spark, path);
      List<SnapshotTable.PendingWrite> writes = table.pendingWrites(spark, path);
      if (!writes.isEmpty()) {
        formats.put(path, table);
        pending.put(path, writes);
        writes.forEach(w -> runIds.add(w.runId()));
      }
    }
    if (runIds.isEmpty()) {
      return List.of();
    }
    Map<String, String> finished = finishedRuns(spark, runMetricsPath, runIds);
    List<Undone> undone = new ArrayList<>();
    Map<String, SnapshotTable.PendingWrite> firstWrites = new TreeMap<>();
    Map<String, Instant> lastCommits = new HashMap<>();
    pending.forEach((path, writes) -> {
      SnapshotTable table = formats.get(path);
      oldestOf(writes, w -> !finished.containsKey(w.runId())).ifPresent(write -> {
        undone.add(new Undone(path, write.runId(), write.snapshotDate(), table.undo(spark, path, write)));
        firstWrites.merge(write.runId(), write, (a, b) -> a.timestamp().isBefore(b.timestamp()) ? a : b);
      });
      writes.stream().filter(w -> !finished.containsKey(w.runId())).forEach(w ->
          lastCommits.merge(w.runId(), w.timestamp(), (a, b) -> a.isAfter(b) ? a : b));
      writes.stream().filter(w -> finished.containsKey(w.runId())).forEach(w ->
          table.settle(spark, path, w, RunMetrics.SUCCEEDED.equals(finished.get(w.runId()))));
    });
    // Recorded after every table is restored: a driver dying in between leaves the run unrecorded, and the next
    // run restores the same versions again.
    // Its end is the last write it is known to have made, not the time of this recovery.
    firstWrites.values().forEach(first -> RunMetricsTable.append(spark, runMetricsPath, runMetricsFormat,
        RunMetrics.interrupted(first.runId(), first.snapshotDate(), first.timestamp(),
            lastCommits.get(first.runId()))));
    return undone;
  }

  /**
   * The status of the runs among {@code runIds} with a run_metrics row (at most {@code runIds.size()} rows
   * collected: the ids come from the few latest writes of each table).
   */
  private static Map<String, String> finishedRuns(SparkSession spark, String runMetricsPath, Set<String> runIds) {
    Optional<Dataset<Row>> table = RunMetricsTable.read(spark, runMetricsPath);
    if (table.isEmpty()) {
      return Map.of();
    }
    Map<String, String> finished = new HashMap<>();
    // Bounded: one row per id asked for (a run has one row; an interrupted one maybe also its own).
    table.get()
        .where(col(RunMetricsTable.RUN_ID).isin(runIds.toArray()))
        .groupBy(RunMetricsTable.RUN_ID).agg(max(RunMetricsTable.STATUS))
        .collectAsList().forEach(r -> finished.put(r.getString(0), r.getString(1)));
    return finished;
  }

  private static Optional<SnapshotTable.PendingWrite> oldestOf(List<SnapshotTable.PendingWrite> writes,
      Predicate<SnapshotTable.PendingWrite> interrupted) {
    return writes.stream().filter(interrupted)
        .min(Comparator.comparingLong(SnapshotTable.PendingWrite::version)
            .thenComparing(SnapshotTable.PendingWrite::timestamp));
  }

  private InterruptedRuns() {}
}
