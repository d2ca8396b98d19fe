package com.custseg.quality;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows read from one source, split into kept, exact duplicates removed, and rejected per reason:
 * read = kept + duplicates + rejected by construction. Duplicates are copies of a kept row, so they are not
 * rejects: they do not count towards the quality gate and are not written to {@code rejects}.
 */
public record InputCounts(long read, long kept, long duplicates, Map<String, Long> rejectedByReason) {
  public static final String KEPT = "KEPT";
  /** run_metrics.input_counts key: the net amount of the duplicate lines removed, in cents of the base currency. */
  public static final String TRANSACTIONS_DUPLICATE_AMOUNT_CENTS = "transactions_duplicates_amount_removed_cents";
  /** run_metrics.input_counts key: rows of both sources whose customer id was folded (NFKC, trim). */
  public static final String CUSTOMER_IDS_NORMALIZED = "customer_ids_normalized";

  public InputCounts {
    rejectedByReason = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(rejectedByReason));
    long rejected = rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    if (read != kept + duplicates + rejected) {
      throw new IllegalArgumentException("counts do not reconcile: read " + read + " != kept " + kept
          + " + duplicates " + duplicates + " + rejected " + rejected);
    }
  }

  /**
   * From the per-reason counts of {@link Quarantine#countsByReason}, keyed by reason with {@link #KEPT} for kept
   * and {@link Quarantine#DUPLICATE} for exact duplicates.
   */
  public static InputCounts of(Map<String, Long> counts) {
    long kept = counts.getOrDefault(KEPT, 0L);
    long duplicates = counts.getOrDefault(Quarantine.DUPLICATE, 0L);
    Map<String, Long> rejected = new TreeMap<>(counts);
    rejected.remove(KEPT);
    rejected.remove(Quarantine.DUPLICATE);
    long read = kept + duplicates + rejected.values().stream().mapToLong(Long::longValue).sum();
    return new InputCounts(read, kept, duplicates, rejected);
  }

  public long rejected() {
    return read - kept - duplicates;
  }

  public double rejectRatio() {
    return read == 0 ? 0 : rejected() / (double) read;
  }

  /** The input_counts and rejects entries of both sources' counts. */
  public static Map<String, Long> metrics(InputCounts customers, InputCounts transactions) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("customers_read", customers.read());
    m.put("customers_kept", customers.kept());
    m.put("customers_rejected", customers.rejected());
    m.put("customers_duplicates_removed", customers.duplicates());
    m.put("transactions_read", transactions.read());
    m.put("transactions_kept", transactions.kept());
    m.put("transactions_rejected", transactions.rejected());
    m.put("transactions_duplicates_removed", transactions.duplicates());
    m.put("duplicates_removed", customers.duplicates() + transactions.duplicates());
    return m;
  }

  /** The input_counts entries of one further source: {@code source_read}, _kept, _rejected, _duplicates_removed. */
  public static Map<String, Long> metrics(String source, InputCounts counts) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put(source + "_read", counts.read());
    m.put(source + "_kept", counts.kept());
    m.put(source + "_rejected", counts.rejected());
    m.put(source + "_duplicates_removed", counts.duplicates());
    return m;
  }

  /** Rejected rows keyed {@code source.reason}. */
  public static Map<String, Long> rejects(InputCounts customers, InputCounts transactions) {
    Map<String, Long> m = new LinkedHashMap<>();
    customers.rejectedByReason().forEach((reason, n) -> m.put("customers." + reason, n));
    transactions.rejectedByReason().forEach((reason, n) -> m.put("transactions." + reason, n));
    return m;
  }
}
