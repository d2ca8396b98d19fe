package com.custseg.quality;

import java.util.Map;
import java.util.TreeMap;

/** Rows read from one source, split into kept and rejected per reason; kept + rejected = read by construction. */
public record InputCounts(long read, long kept, Map<String, Long> rejectedByReason) {
  public static final String KEPT = "KEPT";

  public InputCounts {
    rejectedByReason = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(rejectedByReason));
  }

  /** From the per-reason counts of {@link Quarantine#countsByReason}, keyed by reason with {@link #KEPT} for kept. */
  public static InputCounts of(Map<String, Long> counts) {
    long kept = counts.getOrDefault(KEPT, 0L);
    Map<String, Long> rejected = new TreeMap<>(counts);
    rejected.remove(KEPT);
    long read = kept + rejected.values().stream().mapToLong(Long::longValue).sum();
    return new InputCounts(read, kept, rejected);
  }

  public long rejected() {
    return read - kept;
  }

  public double rejectRatio() {
    return read == 0 ? 0 : rejected() / (double) read;
  }
}
