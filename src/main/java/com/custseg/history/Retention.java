package com.custseg.history;

import static org.apache.spark.sql.functions.col;

import com.custseg.io.OutputTables;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.Comparator;
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

  private static void vacuum(SparkSession spark, DeltaTable table, double hours) {
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    if (hours >= DELTA_MIN_RETENTION_HOURS) {
      table.vacuum(hours);
      return;
    }
    String before = spark.conf().get(check, "true");
    spark.conf().set(check, "false");
    try {
      table.vacuum(hours);
    } finally {
      spark.conf().set(check, before);
    }
  }

  private Retention() {}
}
