package com.custseg.io;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The storage format of a table partitioned by snapshot_date (Delta or plain Parquet, see {@link SnapshotTables}):
 * how a snapshot is replaced atomically and undone, how the table is read, trimmed and recovered. The callers
 * (history/, report/, job/) do not know which format a table has.
 */
public interface SnapshotTable {

  /** A write of one snapshot by one run that may not have finished (Delta: a tagged commit; Parquet: a marker). */
  record PendingWrite(String runId, LocalDate snapshotDate, Instant timestamp, long version) {}

  /** One snapshot replaced by {@link #replaceSnapshot}: undone by a failed run, settled by a successful one. */
  interface Replacement {
    /** Puts the table back as it was before the write. */
    void undo();

    /** Called once the run recorded its success: drops what only {@link #undo} needed. */
    void commit();
  }

  /** The name of the format in {@code CREATE TABLE ... USING}. */
  String format();

  /** Whether the table at {@code path} exists in this format and can be read. */
  boolean exists(SparkSession spark, String path);

  /** Every row of the table (it must exist). */
  Dataset<Row> read(SparkSession spark, String path);

  /** The rows of one snapshot. */
  default Dataset<Row> readSnapshot(SparkSession spark, String path, LocalDate snapshotDate) {
    return read(spark, path).where(OutputTables.SNAPSHOT_DATE + " = DATE'" + snapshotDate + "'");
  }

  /** The snapshots the table holds, in no particular order (bounded: one per snapshot); empty if none. */
  List<LocalDate> snapshots(SparkSession spark, String path);

  /** The latest snapshot strictly before {@code snapshotDate}, if any. */
  default Optional<LocalDate> latestSnapshotBefore(SparkSession spark, String path, LocalDate snapshotDate) {
    return snapshots(spark, path).stream().filter(d -> d.isBefore(snapshotDate)).max(LocalDate::compareTo);
  }

  /** The partition columns of an existing table, outermost first. */
  List<String> partitionColumns(SparkSession spark, String path);

  /**
   * Replaces exactly the rows of {@code snapshotDate} (creating the table if needed) atomically for readers; the
   * write is marked with {@code runId} so that {@link #pendingWrites} finds it if the run never finishes.
   */
  Replacement replaceSnapshot(SparkSession spark, Dataset<Row> rows, String path, List<String> partitionColumns,
      LocalDate snapshotDate, String runId);

  /** Deletes every snapshot before {@code oldestKept}; Delta then vacuums files older than {@code vacuumHours}. */
  void deleteSnapshotsBefore(SparkSession spark, String path, LocalDate oldestKept, double vacuumHours);

  /** The writes of runs found in the table that may not have finished (a bounded list: the latest few). */
  List<PendingWrite> pendingWrites(SparkSession spark, String path);

  /**
   * Undoes a pending write of a run that never recorded its end. Returns the version restored (Delta), or -1 when the
   * write's snapshot was removed or the format has no versions.
   */
  long undo(SparkSession spark, String path, PendingWrite write);

  /**
   * Settles the pending write of a run that did record its end (status succeeded or failed): for Parquet, what the
   * run left behind when its driver died after recording the end is cleaned up or undone; Delta has nothing to do.
   */
  void settle(SparkSession spark, String path, PendingWrite write, boolean succeeded);
}
