package com.custseg.io;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one snapshot of a Delta table. A rerun of the same snapshot replaces exactly that snapshot's rows
 * ({@code replaceWhere}) in one atomic commit; other snapshots are untouched and readers never see a half write.
 */
public final class DeltaTables {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaTables.class);

  public static void replaceSnapshot(Dataset<Row> rows, String path, List<String> partitionColumns,
      LocalDate snapshotDate) {
    replaceSnapshot(rows, path, partitionColumns, snapshotDate, "");
  }

  /**
   * As {@link #replaceSnapshot(Dataset, String, List, LocalDate)}, with {@code commitTag} recorded as the commit's
   * userMetadata in the table history (empty: none).
   */
  public static void replaceSnapshot(Dataset<Row> rows, String path, List<String> partitionColumns,
      LocalDate snapshotDate, String commitTag) {
    LOG.info("writing {} (snapshot {}, partitioned by {})", path, snapshotDate, partitionColumns);
    var writer = commitTag.isEmpty() ? rows.write() : rows.write().option("userMetadata", commitTag);
    writer
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", OutputTables.SNAPSHOT_DATE + " = DATE'" + snapshotDate + "'")
        // A newer job version may add columns: older snapshots keep theirs, with nulls in the new ones.
        .option("mergeSchema", "true")
        // Delta's optimized write shuffles the rows by partition value and packs them into few, large files: without
        // it every task writes a file into every partition it holds (200 tasks x 24 months = 4,800 files for 80k
        // transactions), which makes the write and every later read slow.
        .option("optimizeWrite", "true")
        .partitionBy(partitionColumns.toArray(String[]::new))
        .save(path);
  }

  /** The rows of one snapshot of a table written by {@link #replaceSnapshot}. */
  public static Dataset<Row> readSnapshot(SparkSession spark, String path, LocalDate snapshotDate) {
    return spark.read().format("delta").load(path)
        .where(OutputTables.SNAPSHOT_DATE + " = DATE'" + snapshotDate + "'");
  }

  private DeltaTables() {}
}
