package com.custseg.quality;

import com.custseg.config.JobConfig;

/**
 * Stops a run, before anything is written, when a source is empty or rejects more rows than the configured share.
 *
 * <p>Rows dated on or after the snapshot ({@link RejectReason#AFTER_SNAPSHOT}) are quarantined like the others but do
 * not count here: they are good rows outside the snapshot's window (a backfill of last month on this month's export
 * has many), not a sign of bad input.
 */
public final class QualityGate {

  /** Thrown when a threshold is exceeded; the message says which threshold and the numbers. */
  public static final class QualityGateException extends RuntimeException {
    public QualityGateException(String message) {
      super(message);
    }
  }

  public static void check(String source, InputCounts c, double maxRejectRatio) {
    if (c.read() == 0) {
      throw new QualityGateException("quality gate failed for " + source + ": no rows were read, the input is "
          + "empty. Nothing was written; check the source's path (and that the export finished).");
    }
    long outOfWindow = c.rejectedByReason().getOrDefault(RejectReason.AFTER_SNAPSHOT.name(), 0L);
    long considered = c.read() - outOfWindow;
    long bad = c.rejected() - outOfWindow;
    double ratio = considered == 0 ? 0 : bad / (double) considered;
    if (ratio > maxRejectRatio) {
      throw new QualityGateException(String.format(
          "quality gate failed for %s: %d of %d rows rejected (%.2f%%), above %s = %s; reasons: %s%s."
              + " Nothing was written; see the reasons above, fix the input or the column "
              + "mapping.",
          source, bad, considered, 100.0 * ratio, JobConfig.MAX_REJECT_RATIO, maxRejectRatio, c.rejectedByReason(),
          outOfWindow > 0 ? " (the " + outOfWindow + " rows dated on or after the snapshot are not counted)" : ""));
    }
  }

  private QualityGate() {}
}
