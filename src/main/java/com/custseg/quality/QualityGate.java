package com.custseg.quality;

/** Stops a run, before anything is written, when a source rejects more rows than the configured share. */
public final class QualityGate {

  /** Thrown when a threshold is exceeded; the message says which threshold and the numbers. */
  public static final class QualityGateException extends RuntimeException {
    public QualityGateException(String message) {
      super(message);
    }
  }

  public static void check(String source, InputCounts c, double maxRejectRatio) {
    if (c.read() > 0 && c.rejectRatio() > maxRejectRatio) {
      throw new QualityGateException(String.format(
          "quality gate failed for %s: %d of %d rows rejected (%.2f%%), above segmentation.quality.max-reject-ratio"
              + " = %s; reasons: %s. Nothing was written; see the reasons above, fix the input or the column mapping.",
          source, c.rejected(), c.read(), 100.0 * c.rejectRatio(), maxRejectRatio, c.rejectedByReason()));
    }
  }

  private QualityGate() {}
}
