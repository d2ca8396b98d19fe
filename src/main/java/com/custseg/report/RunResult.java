package com.custseg.report;

import com.custseg.cluster.ClusteringResult;
import com.custseg.io.RunMetrics;
import com.custseg.quality.InputCounts;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one run did, for the printed summary and for tests: small, driver-side figures only.
 *
 * @param segmentCounts customers and revenue per region, tier and cluster (the segment_summary rows of the run)
 * @param stageMillis wall time per stage, in run order
 * @param metrics the run's row of run_metrics (data-quality report)
 * @param clusters the k-means step: model, names, quality ({@link ClusteringResult#metrics()}) and stability;
 *     null for a run of the ingest step only
 * @param reportPath where the HTML report of the snapshot was written
 */
public record RunResult(
    LocalDate snapshotDate,
    InputCounts customers,
    InputCounts transactions,
    long segmentedCustomers,
    List<SegmentCount> segmentCounts,
    List<UnknownProvince> unknownProvinces,
    Map<String, Long> stageMillis,
    String outputPath,
    RunMetrics metrics,
    ClusteringResult clusters,
    String reportPath) {

  public RunResult {
    segmentCounts = List.copyOf(segmentCounts);
    unknownProvinces = List.copyOf(unknownProvinces);
    stageMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stageMillis));
  }

  public record SegmentCount(String regionCode, String regionName, String tier, String tierName, int clusterId,
      long customers, java.math.BigDecimal revenue, Dimensions dimensions) {
    /** A count without the further dimensions (tests, and snapshots summarised before the job had them). */
    public SegmentCount(String regionCode, String regionName, String tier, String tierName, int clusterId,
        long customers, java.math.BigDecimal revenue) {
      this(regionCode, regionName, tier, tierName, clusterId, customers, revenue, Dimensions.NONE);
    }
  }

  /** The loyalty level, attitude and buying motive (code and name) of a segment_summary row; null when absent. */
  public record Dimensions(String loyalty, String attitude, String motive, String motiveName) {
    public static final Dimensions NONE = new Dimensions(null, null, null, null);
  }

  public record UnknownProvince(String rawValue, long customers) {}
}
