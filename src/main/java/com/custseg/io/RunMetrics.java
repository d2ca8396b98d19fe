package com.custseg.io;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data-quality report of one run, one row of the {@code run_metrics} table: small driver-side figures only.
 *
 * @param inputCounts e.g. customers_read, customers_kept, transactions_read, transactions_kept, duplicates_removed
 * @param rejects rejected rows per {@code source.reason}, e.g. transactions.BAD_DATE
 * @param unknownProvinces raw province values that matched no alias, with their customers (top 20)
 * @param stageSeconds wall time per named stage
 * @param model figures of the segmentation model (filled by the segment stages; may be empty)
 * @param error of a failed run: the stage it was in and what went wrong; null otherwise
 */
public record RunMetrics(
    String runId,
    LocalDate snapshotDate,
    String step,
    Instant startedAt,
    Instant finishedAt,
    String jobVersion,
    String configHash,
    String status,
    Map<String, Long> inputCounts,
    Map<String, Long> rejects,
    Map<String, Long> unknownProvinces,
    Map<String, Double> stageSeconds,
    Map<String, Double> model,
    String error) {
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  /** A run whose driver died before it recorded its end; a later run undid its writes and recorded this. */
  public static final String INTERRUPTED = "interrupted";
  /** step, job_version and config_hash of an interrupted run, which left no record of them. */
  public static final String UNKNOWN = "unknown";

  /** A run that did not fail. */
  public RunMetrics(String runId, LocalDate snapshotDate, String step, Instant startedAt, Instant finishedAt,
      String jobVersion, String configHash, String status, Map<String, Long> inputCounts, Map<String, Long> rejects,
      Map<String, Long> unknownProvinces, Map<String, Double> stageSeconds, Map<String, Double> model) {
    this(runId, snapshotDate, step, startedAt, finishedAt, jobVersion, configHash, status, inputCounts, rejects,
        unknownProvinces, stageSeconds, model, null);
  }

  public RunMetrics {
    inputCounts = copy(inputCounts);
    rejects = copy(rejects);
    unknownProvinces = copy(unknownProvinces);
    stageSeconds = copy(stageSeconds);
    model = copy(model);
  }

  /**
   * The row recorded for an interrupted run by the run that undid its writes: started_at is its first write and
   * finished_at its last (what is known of when it ran, not when it was undone); what it read is unknown.
   */
  public static RunMetrics interrupted(String runId, LocalDate snapshotDate, Instant firstWrite, Instant lastWrite) {
    return new RunMetrics(runId, snapshotDate, UNKNOWN, firstWrite, lastWrite, UNKNOWN, UNKNOWN, INTERRUPTED,
        Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  private static <V> Map<String, V> copy(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
