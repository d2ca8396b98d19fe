package com.custseg.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta snapshot tables: a snapshot is replaced by one {@code replaceWhere} commit tagged with the run's id (the
 * commit's userMetadata); a write is undone by {@code RESTORE} to the version before it, or, when the write created
 * the table, by deleting its snapshot. Retention deletes old snapshots in one commit, then VACUUMs.
 */
final class DeltaSnapshotTable implements SnapshotTable {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaSnapshotTable.class);
  private static final String TAG_PREFIX = "custseg-run ";
  private static final Pattern TAG = Pattern.compile(Pattern.quote(TAG_PREFIX) + "(\\S+) snapshot (\\d{4}-\\d{2}-\\d{2})");
  /**
   * Commits read from each table's history (a bounded collect): a run writes each table once, and every run
   * recovers before it writes, so an interrupted run's commits are among the latest few.
   */
  static final int HISTORY_DEPTH = 20;
  /** Delta refuses to vacuum files younger than this unless its safety check is turned off. */
  static final double DELTA_MIN_RETENTION_HOURS = 168;
  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  /** The userMetadata of a commit written by run {@code runId} for {@code snapshotDate}. */
  static String tag(String runId, LocalDate snapshotDate) {
    return TAG_PREFIX + runId + " snapshot " + snapshotDate;
  }

  @Override
  public String format() {
    return "delta";
  }

  @Override
  public boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  @Override
  public Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().format("delta").load(path);
  }

  @Override
  public List<LocalDate> snapshots(SparkSession spark, String path) {
    if (!exists(spark, path)) {
      return List.of();
    }
    // Bounded: one row per snapshot.
    return read(spark, path).select(col(OutputTables.SNAPSHOT_DATE)).distinct().collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).toList();
  }

  @Override
  public Optional<LocalDate> latestSnapshotBefore(SparkSession spark, String path, LocalDate snapshotDate) {
    if (!exists(spark, path)) {
      return Optional.empty();
    }
    // A partition-column aggregate: answered from the Delta log's file statistics, one row.
    Row latest = read(spark, path)
        .where(col(OutputTables.SNAPSHOT_DATE).lt(lit(Date.valueOf(snapshotDate))))
        .agg(max(col(OutputTables.SNAPSHOT_DATE)))
        .first();
    return latest.isNullAt(0) ? Optional.empty() : Optional.of(latest.getDate(0).toLocalDate());
  }

  @Override
  public List<String> partitionColumns(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).detail().select("partitionColumns").first().getList(0);
  }

  @Override
  public Replacement replaceSnapshot(SparkSession spark, Dataset<Row> rows, String path,
      List<String> partitionColumns, LocalDate snapshotDate, String runId) {
    long before = exists(spark, path) ? currentVersion(spark, path) : -1;
    DeltaTables.replaceSnapshot(rows, path, partitionColumns, snapshotDate, tag(runId, snapshotDate));
    return new Replacement() {
      @Override
      public void undo() {
        if (!exists(spark, path)) {
          return;
        }
        long now = currentVersion(spark, path);
        if (before < 0) {
          LOG.warn("rolling back {}: deleting snapshot {} from the table this run created", path, snapshotDate);
          deleteSnapshot(spark, path, snapshotDate);
        } else if (now != before) {
          LOG.warn("rolling back {}: restoring version {} (was {})", path, before, now);
          DeltaTable.forPath(spark, path).restoreToVersion(before);
        }
      }

      @Override
      public void commit() {
        // The commit is the write itself.
      }
    };
  }

  @Override
  public void deleteSnapshotsBefore(SparkSession spark, String path, LocalDate oldestKept, double vacuumHours) {
    DeltaTable table = DeltaTable.forPath(spark, path);
    table.delete(OutputTables.SNAPSHOT_DATE + " < DATE'" + oldestKept + "'");
    vacuum(spark, table, vacuumHours);
  }

  @Override
  public List<PendingWrite> pendingWrites(SparkSession spark, String path) {
    if (!exists(spark, path)) {
      return List.of();
    }
    List<PendingWrite> commits = new ArrayList<>();
    // Bounded: HISTORY_DEPTH rows.
    for (Row r : DeltaTable.forPath(spark, path).history(HISTORY_DEPTH)
        .select("version", "timestamp", "userMetadata").collectAsList()) {
      if (!r.isNullAt(2)) {
        Matcher m = TAG.matcher(r.getString(2));
        if (m.matches()) {
          commits.add(new PendingWrite(m.group(1), LocalDate.parse(m.group(2)), r.getTimestamp(1).toInstant(),
              r.getLong(0)));
        }
      }
    }
    return commits;
  }

  @Override
  public long undo(SparkSession spark, String path, PendingWrite write) {
    if (write.version() == 0) {
      LOG.warn("{}: run {} was interrupted after creating this table; deleting its snapshot {}", path,
          write.runId(), write.snapshotDate());
      deleteSnapshot(spark, path, write.snapshotDate());
      return -1;
    }
    long restored = write.version() - 1;
    LOG.warn("{}: run {} (snapshot {}) was interrupted before it finished; restoring version {}", path,
        write.runId(), write.snapshotDate(), restored);
    DeltaTable.forPath(spark, path).restoreToVersion(restored);
    return restored;
  }

  @Override
  public void settle(SparkSession spark, String path, PendingWrite write, boolean succeeded) {
    // A finished run's commits are the table's history: a failed run already restored the version before them.
  }

  private static void deleteSnapshot(SparkSession spark, String path, LocalDate snapshotDate) {
    DeltaTable.forPath(spark, path).delete(OutputTables.SNAPSHOT_DATE + " = DATE'" + snapshotDate + "'");
  }

  static long currentVersion(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
  }

  /**
   * VACUUM lists the table's folders as a Spark job with {@code spark.sql.sources.parallelPartitionDiscovery
   * .parallelism} tasks (10,000 by default: minutes of empty tasks on a small cluster), so the listing runs with a few
   * tasks per core instead; below 168 hours Delta's retention check is turned off for this call only.
   */
  private static void vacuum(SparkSession spark, DeltaTable table, double hours) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(LISTING_PARALLELISM, Integer.toString(Math.max(8, 4 * spark.sparkContext().defaultParallelism())));
    if (hours < DELTA_MIN_RETENTION_HOURS) {
      settings.put(RETENTION_CHECK, "false");
    }
    Map<String, Optional<String>> before = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      before.put(key, spark.conf().getOption(key).isDefined()
          ? Optional.of(spark.conf().get(key)) : Optional.empty());
      spark.conf().set(key, value);
    });
    try {
      table.vacuum(hours);
    } finally {
      before.forEach((key, value) -> {
        if (value.isPresent()) {
          spark.conf().set(key, value.get());
        } else {
          spark.conf().unset(key);
        }
      });
    }
  }
}
