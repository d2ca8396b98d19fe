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
 * @param segments RFM segment rules, checked over every score combination
 * @param lifecycle lifecycle stage rules in precedence order; the last one is the default (empty condition)
 * @param value customer-value models (p_alive, expected purchases, CLV)
 * @param calibrationEnd when present, the end of the calibration period of the holdout check (before asOf)
 * @param unknownCustomers what happens to transactions of customers missing from the customers table
 * @param step the part of the job this run does (--step)
 * @param configHash SHA-256 of the resolved settings without as-of and step, recorded in run_metrics
 * @param privacy how personal data is kept out of the analyst-facing tables
 * @param worklists the playbook, the teams and the export of their worklists
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
    RfmSegmentRules segments,
    List<TierRule> lifecycle,
    KMeansConfig kmeans,
    OutputConfig output,
    ValueConfig value,
    Optional<LocalDate> calibrationEnd,
    UnknownCustomerPolicy unknownCustomers,
    Step step,
    String configHash,
    PrivacyConfig privacy,
    WorklistConfig worklists) {

  public JobConfig {
    tiers = List.copyOf(tiers);
    lifecycle = List.copyOf(lifecycle);
    if (!(maxRejectRatio >= 0 && maxRejectRatio <= 1)) {
      throw new ConfigException("segmentation.quality.max-reject-ratio must be in [0, 1], got: " + maxRejectRatio);
    }
    if (tiers.isEmpty() || !tiers.get(tiers.size() - 1).isDefault()) {
      throw new ConfigException("segmentation.tiers must end with the default tier (segmentation.tiers.default)");
    }
    if (lifecycle.isEmpty() || !lifecycle.get(lifecycle.size() - 1).isDefault()) {
      throw new ConfigException(
          "segmentation.lifecycle must end with the default stage (segmentation.lifecycle.default)");
    }
    if (calibrationEnd.isPresent() && asOf.isPresent() && !calibrationEnd.get().isBefore(asOf.get())) {
      throw new ConfigException("segmentation.value.holdout.calibration-end must be before the snapshot date "
          + asOf.get() + ", got: " + calibrationEnd.get());
    }
  }

  public JobConfig withStep(Step newStep) {
    return new JobConfig(asOf, timeZone, master, appName, customers, transactions, regionMappingFile,
        maxRejectRatio, rfm, tiers, segments, lifecycle, kmeans, output, value, calibrationEnd, unknownCustomers,
        newStep, configHash, privacy, worklists);
  }

  public JobConfig withAsOf(LocalDate date) {
    return new JobConfig(Optional.of(date), timeZone, master, appName, customers, transactions, regionMappingFile,
        maxRejectRatio, rfm, tiers, segments, lifecycle, kmeans, output, value, calibrationEnd,
        unknownCustomers, step, configHash, privacy, worklists);
  }
}
