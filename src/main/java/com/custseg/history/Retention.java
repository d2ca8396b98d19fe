package com.custseg.history;

import static org.apache.spark.sql.functions.col;

import com.custseg.io.OutputTables;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the newest N snapshots of each snapshot-partitioned table: older snapshots are deleted (one Delta commit per
 * table, so time travel still reaches them) and {@code VACUUM} then removes data files no longer referenced and older
 * than the retention period.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  /** Delta refuses to vacuum files younger than this unless its safety check is turned off. */
  static final double DELTA_MIN_RETENTION_HOURS = 168;
  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  /** The oldest snapshot to keep when keeping the newest {@code keep}, or empty when nothing is dropped. */
  static Optional<LocalDate> oldestKept(List<LocalDate> snapshots, int keep) {
    if (keep <= 0 || snapshots.size() <= keep) {
      return Optional.empty();
    }
    return Optional.of(snapshots.stream().sorted(Comparator.reverseOrder()).toList().get(keep - 1));
  }

  /**
   * @param keep snapshots to keep per table; 0 keeps all
   * @param vacuumHours files older than this are removed by VACUUM; below 168 Delta's safety check is turned off
   * @return the snapshots dropped, per table: the number of snapshot dates deleted in all
   */
  public static int apply(SparkSession spark, List<String> paths, int keep, double vacuumHours) {
    if (keep <= 0) {
      return 0;
    }
    int dropped = 0;
    for (String path : paths) {
      if (!DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      DeltaTable table = DeltaTable.forPath(spark, path);
      // Bounded: one row per snapshot.
      List<LocalDate> snapshots = table.toDF().select(col(OutputTables.SNAPSHOT_DATE)).distinct().collectAsList()
          .stream().map(r -> r.getDate(0).toLocalDate()).toList();
      Optional<LocalDate> oldest = oldestKept(snapshots, keep);
      if (oldest.isEmpty()) {
        continue;
      }
      long expired = snapshots.stream().filter(d -> d.isBefore(oldest.get())).count();
      LOG.info("retention: {} keeps {} snapshots from {}, deletes {}", path, keep, oldest.get(), expired);
      table.delete(OutputTables.SNAPSHOT_DATE + " < DATE'" + oldest.get() + "'");
      dropped += (int) expired;
      vacuum(spark, table, vacuumHours);
    }
    return dropped;
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

  private Retention() {}
}
