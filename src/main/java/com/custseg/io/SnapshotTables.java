package com.custseg.io;

import com.custseg.config.OutputFormat;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Chooses the {@link SnapshotTable} format: by config for writes, by what is on disk for reads (a folder with a
 * {@code _delta_log} is Delta, any other is Parquet), so that readers work on the output of either format.
 */
public final class SnapshotTables {
  public static final SnapshotTable DELTA = new DeltaSnapshotTable();
  public static final SnapshotTable PARQUET = new ParquetSnapshotTable();

  /** The format a run writes its analyst-facing tables in. */
  public static SnapshotTable of(OutputFormat format) {
    return switch (format) {
      case DELTA -> DELTA;
      case PARQUET -> PARQUET;
    };
  }

  /** The format of the table at {@code path}: Delta when it is a Delta table, Parquet otherwise (even if absent). */
  public static SnapshotTable at(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path) ? DELTA : PARQUET;
  }

  /** Whether a table of either format exists at {@code path}. */
  public static boolean exists(SparkSession spark, String path) {
    return at(spark, path).exists(spark, path);
  }

  /** The rows of one snapshot of an existing table of either format. */
  public static Dataset<Row> readSnapshot(SparkSession spark, String path, LocalDate snapshotDate) {
    return at(spark, path).readSnapshot(spark, path, snapshotDate);
  }

  /** Every row of an existing table of either format. */
  public static Dataset<Row> read(SparkSession spark, String path) {
    return at(spark, path).read(spark, path);
  }

  private SnapshotTables() {}
}
