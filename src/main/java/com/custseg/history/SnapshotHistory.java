package com.custseg.history;

import com.custseg.io.SnapshotTables;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Which snapshots a snapshot-partitioned table (Delta or Parquet) already holds. */
public final class SnapshotHistory {

  /** The latest snapshot strictly before {@code snapshotDate} in the table at {@code path}, if any. */
  public static Optional<LocalDate> previousSnapshot(SparkSession spark, String path, LocalDate snapshotDate) {
    return SnapshotTables.at(spark, path).latestSnapshotBefore(spark, path, snapshotDate);
  }

  private SnapshotHistory() {}
}
