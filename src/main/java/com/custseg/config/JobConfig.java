package com.custseg.config;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of one run, typed and validated. Built once on the driver by {@link ConfigLoader}; the raw HOCON
 * never travels further.
 *
 * @param asOf snapshot date; empty means the day after the latest transaction
 * @param tiers value tier rules in precedence order; the last one is the default (empty condition)
 * @param privacy how personal data is kept out of the analyst-facing tables
 */
public record JobConfig(
    Optional<LocalDate> asOf,
    String timeZone,
    String master,
    String appName,
    SourceConfig customers,
    SourceConfig transactions,
    Path regionMappingFile,
    double maxRejectRatio,
    RfmConfig rfm,
    List<TierRule> tiers,
    KMeansConfig kmeans,
    OutputConfig output,
    PrivacyConfig privacy) {

  public JobConfig {
    tiers = List.copyOf(tiers);
    if (!(maxRejectRatio >= 0 && maxRejectRatio <= 1)) {
      throw new ConfigException("segmentation.quality.max-reject-ratio must be in [0, 1], got: " + maxRejectRatio);
    }
    if (tiers.isEmpty() || !tiers.get(tiers.size() - 1).isDefault()) {
      throw new ConfigException("segmentation.tiers must end with the default tier (segmentation.tiers.default)");
    }
  }

  public JobConfig withAsOf(LocalDate date) {
    return new JobConfig(Optional.of(date), timeZone, master, appName, customers, transactions, regionMappingFile,
        maxRejectRatio, rfm, tiers, kmeans, output, privacy);
  }
}
