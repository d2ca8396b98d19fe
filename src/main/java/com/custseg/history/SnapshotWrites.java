package com.custseg.history;

import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of one snapshot to several Delta tables, all or nothing. Each table write is one atomic Delta commit
 * ({@code replaceWhere} of the snapshot); Delta has no transaction over several tables, so before each write this
 * remembers the table's version, and {@link #rollback} puts every table written so far back: {@code RESTORE} to that
 * version, or, for a table this run created, deleting the snapshot's rows. A failed run therefore leaves every table
 * as it was before the run (readers may briefly see the new rows of a table until the rollback commits). A run
 * that cannot roll back because its driver died is undone by the next run: each commit carries the run's id, and
 * {@link InterruptedRuns#recover} restores the tables whose latest commits belong to a run that never recorded its
 * end in run_metrics.
 *
 * <p>Runs of the job must not overlap on one output root (a scheduler runs them one at a time): a concurrent writer's
 * commits after the remembered version would be undone by a rollback.
 */
public final class SnapshotWrites {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWrites.class);

  /** Called after each successful table write, with the table's path; tests use it to fail a run half-way. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = path -> { };

    void written(String path);
  }

  private record Written(String path, long versionBefore, LocalDate snapshotDate) {}

  private final SparkSession spark;
  private final String runId;
  private final Listener listener;
  private final Deque<Written> written = new ArrayDeque<>();

  /** The writes of run {@code runId}: each commit is tagged with it (see {@link InterruptedRuns}). */
  public SnapshotWrites(SparkSession spark, String runId, Listener listener) {
    this.spark = spark;
    this.runId = runId;
    this.listener = listener;
  }

  /** Replaces the snapshot's rows of the table at {@code path} (creating the table if needed). */
  public void replace(Dataset<Row> rows, String path, List<String> partitionColumns, LocalDate snapshotDate) {
    long before = DeltaTable.isDeltaTable(spark, path) ? currentVersion(path) : -1;
    written.push(new Written(path, before, snapshotDate));
    DeltaTables.replaceSnapshot(rows, path, partitionColumns, snapshotDate,
        InterruptedRuns.tag(runId, snapshotDate));
    listener.written(path);
  }

  /** Undoes every write of this run, last first. Failures to undo are logged and the rest still undone. */
  public void rollback() {
    while (!written.isEmpty()) {
      Written w = written.pop();
      try {
        if (!DeltaTable.isDeltaTable(spark, w.path())) {
          continue;
        }
        long now = currentVersion(w.path());
        if (w.versionBefore() < 0) {
          LOG.warn("rolling back {}: deleting snapshot {} from the table this run created", w.path(),
              w.snapshotDate());
          DeltaTable.forPath(spark, w.path())
              .delete(OutputTables.SNAPSHOT_DATE + " = DATE'" + w.snapshotDate() + "'");
        } else if (now != w.versionBefore()) {
          LOG.warn("rolling back {}: restoring version {} (was {})", w.path(), w.versionBefore(), now);
          DeltaTable.forPath(spark, w.path()).restoreToVersion(w.versionBefore());
        }
      } catch (RuntimeException e) {
        LOG.error("could not roll back {} to version {}: {}", w.path(), w.versionBefore(), e.getMessage(), e);
      }
    }
  }

  /** The paths written so far, in write order. */
  public List<String> paths() {
    List<String> paths = new ArrayList<>(written.stream().map(Written::path).toList());
    Collections.reverse(paths);
    return paths;
  }

  static long currentVersion(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
  }

  private long currentVersion(String path) {
    return currentVersion(spark, path);
  }
}
