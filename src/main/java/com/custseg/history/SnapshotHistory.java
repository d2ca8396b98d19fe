package com.custseg.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.custseg.io.OutputTables;
import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Which snapshots a snapshot-partitioned table already holds. */
public final class SnapshotHistory {

  /** The latest snapshot strictly before {@code snapshotDate} in the table at {@code path}, if any. */
  public static Optional<LocalDate> previousSnapshot(SparkSession spark, String path, LocalDate snapshotDate) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    // A partition-column aggregate: answered from the Delta log's file statistics, one row.
    Row latest = spark.read().format("delta").load(path)
        .where(col(OutputTables.SNAPSHOT_DATE).lt(lit(Date.valueOf(snapshotDate))))
        .agg(max(col(OutputTables.SNAPSHOT_DATE)))
        .first();
    return latest.isNullAt(0) ? Optional.empty() : Optional.of(latest.getDate(0).toLocalDate());
  }

  private SnapshotHistory() {}
}
