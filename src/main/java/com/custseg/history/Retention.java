package com.custseg.history;

import com.custseg.io.SnapshotTable;
import com.custseg.io.SnapshotTables;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the newest N snapshots of each snapshot-partitioned table: older snapshots are deleted. Delta deletes them in
 * one commit per table (time travel still reaches them) and {@code VACUUM} then removes data files no longer
 * referenced and older than the retention period; Parquet deletes their snapshot folders.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  /** The oldest snapshot to keep when keeping the newest {@code keep}, or empty when nothing is dropped. */
  static Optional<LocalDate> oldestKept(List<LocalDate> snapshots, int keep) {
    if (keep <= 0 || snapshots.size() <= keep) {
      return Optional.empty();
    }
    return Optional.of(snapshots.stream().sorted(Comparator.reverseOrder()).toList().get(keep - 1));
  }

  /**
   * @param keep snapshots to keep per table; 0 keeps all
   * @param vacuumHours Delta: files older than this are removed by VACUUM; below 168 Delta's safety check is turned
   *     off
   * @return the snapshots dropped, per table: the number of snapshot dates deleted in all
   */
  public static int apply(SparkSession spark, List<String> paths, int keep, double vacuumHours) {
    if (keep <= 0) {
      return 0;
    }
    int dropped = 0;
    for (String path : paths) {
      SnapshotTable table = SnapshotTables.at(spark, path);
      List<LocalDate> snapshots = table.snapshots(spark, path);
      Optional<LocalDate> oldest = oldestKept(snapshots, keep);
      if (oldest.isEmpty()) {
        continue;
      }
      long expired = snapshots.stream().filter(d -> d.isBefore(oldest.get())).count();
      LOG.info("retention: {} keeps {} snapshots from {}, deletes {}", path, keep, oldest.get(), expired);
      table.deleteSnapshotsBefore(spark, path, oldest.get(), vacuumHours);
      dropped += (int) expired;
    }
    return dropped;
  }

  private Retention() {}
}
