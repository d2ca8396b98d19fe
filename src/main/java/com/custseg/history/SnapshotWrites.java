package com.custseg.history;

import com.custseg.config.OutputConfig;
import com.custseg.io.OutputTable;
import com.custseg.io.OutputTables;
import com.custseg.io.SnapshotTable;
import com.custseg.io.SnapshotTables;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of one snapshot to several tables, all or nothing. Each table write is atomic for readers (one Delta
 * {@code replaceWhere} commit, or a Parquet folder swap: see {@link SnapshotTable}); there is no transaction over
 * several tables, so each write returns how to undo it, and {@link #rollback} puts every table written so far back
 * (Delta: {@code RESTORE} to the version before, or deleting the snapshot from a table this run created; Parquet: the
 * replaced snapshot folder moved back from the trash). A failed run therefore leaves every table as it was before
 * the run (readers may briefly see the new rows of a table until the rollback). A run that cannot roll back because
 * its driver died is undone by the next run: each write carries the run's id, and {@link InterruptedRuns#recover}
 * undoes the writes of a run that never recorded its end in run_metrics. Once the run recorded its success,
 * {@link #commit} drops what only an undo needed (the Parquet trash).
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

  private record Written(String path, SnapshotTable.Replacement replacement) {}

  private final SparkSession spark;
  private final String runId;
  private final Listener listener;
  private final Function<String, SnapshotTable> formatOf;
  /** Where the job's tables are, for writes by table; null for writes by path only. */
  private final OutputConfig output;
  private final Deque<Written> written = new ArrayDeque<>();

  /** The writes of run {@code runId} to Delta tables, by path. */
  public SnapshotWrites(SparkSession spark, String runId, Listener listener) {
    this(spark, runId, listener, path -> SnapshotTables.DELTA);
  }

  /**
   * The writes of run {@code runId}, by path: each is marked with it (see {@link InterruptedRuns}); {@code formatOf}
   * gives the format of the table at a path.
   */
  public SnapshotWrites(SparkSession spark, String runId, Listener listener,
      Function<String, SnapshotTable> formatOf) {
    this(spark, runId, listener, formatOf, null);
  }

  /**
   * The writes of run {@code runId} to the job's tables under {@code output}, each in its declared format
   * ({@link OutputTable#format}).
   */
  public SnapshotWrites(SparkSession spark, String runId, Listener listener, OutputConfig output) {
    this(spark, runId, listener, path -> OutputTables.ALL.stream().filter(t -> t.pathIn(output).equals(path))
        .findFirst().map(t -> t.format(output.format())).orElse(SnapshotTables.of(output.format())), output);
  }

  private SnapshotWrites(SparkSession spark, String runId, Listener listener,
      Function<String, SnapshotTable> formatOf, OutputConfig output) {
    this.spark = spark;
    this.runId = runId;
    this.listener = listener;
    this.formatOf = formatOf;
    this.output = output;
  }

  /** Replaces the snapshot's rows of the table at {@code path} (creating the table if needed). */
  public void replace(Dataset<Row> rows, String path, List<String> partitionColumns, LocalDate snapshotDate) {
    SnapshotTable.Replacement replacement = formatOf.apply(path).replaceSnapshot(spark, rows, path,
        partitionColumns, snapshotDate, runId);
    written.push(new Written(path, replacement));
    listener.written(path);
  }

  /**
   * Replaces the snapshot's rows of one of the job's tables, at its place under the output root, partitioned and
   * in the format it is declared with.
   */
  public void replace(Dataset<Row> rows, OutputTable table, LocalDate snapshotDate) {
    if (output == null) {
      throw new IllegalStateException("these writes were not made for an output root: write " + table.name()
          + " by path");
    }
    replace(rows, table.pathIn(output), table.partitionColumns(), snapshotDate);
  }

  /**
   * Records a write made outside the tables (the worklist files swapped into place) so that {@link #rollback} undoes
   * it and {@link #commit} settles it with the table writes, in the same order. Recovery after a crash does not know
   * it: the next run of the snapshot replaces it.
   */
  public void record(String path, SnapshotTable.Replacement replacement) {
    written.push(new Written(path, replacement));
    listener.written(path);
  }

  /** The id of the run these writes belong to. */
  public String runId() {
    return runId;
  }

  /** Undoes every write of this run, last first. Failures to undo are logged and the rest still undone. */
  public void rollback() {
    while (!written.isEmpty()) {
      Written w = written.pop();
      try {
        w.replacement().undo();
      } catch (RuntimeException e) {
        LOG.error("could not roll back {}: {}", w.path(), e.getMessage(), e);
      }
    }
  }

  /**
   * Settles every write once the run recorded its success (its run_metrics row). A failure is logged: the next
   * run's recovery settles what is left.
   */
  public void commit() {
    while (!written.isEmpty()) {
      Written w = written.pop();
      try {
        w.replacement().commit();
      } catch (RuntimeException e) {
        LOG.warn("could not clean up after writing {} (the next run will): {}", w.path(), e.getMessage(), e);
      }
    }
  }

  /** The paths written so far, in write order. */
  public List<String> paths() {
    List<String> paths = new ArrayList<>(written.stream().map(Written::path).toList());
    Collections.reverse(paths);
    return paths;
  }
}
