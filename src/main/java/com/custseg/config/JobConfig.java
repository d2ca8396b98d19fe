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
 * @param smallInput the Spark settings of a run on a small input
 * @param cleaning which transaction lines are duplicates, and whether customer ids are folded (NFKC)
 * @param recommendations category affinity and per-customer recommendations (ALS)
 * @param interactions the interactions source, when configured (segmentation.input.interactions.path not empty)
 * @param feedback the feedback source, when configured (segmentation.input.feedback.path not empty)
 * @param loyalty the loyalty level rules, ending with the default
 * @param motive the buying motive rules, ending with the default
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
    WorklistConfig worklists,
    SmallInputConfig smallInput,
    CleaningConfig cleaning,
    RecommendConfig recommendations,
    Optional<InteractionsConfig> interactions,
    Optional<FeedbackConfig> feedback,
    List<TierRule> loyalty,
    List<TierRule> motive) {

  /** Root of every key; the other records declare the keys of their own settings. */
  public static final String ROOT = "segmentation";
  public static final String AS_OF = "segmentation.as-of";
  public static final String TIME_ZONE = "segmentation.time-zone";
  public static final String STEP = "segmentation.step";
  public static final String SPARK_MASTER = "segmentation.spark.master";
  public static final String SPARK_APP_NAME = "segmentation.spark.app-name";
  public static final String REGIONS_MAPPING_FILE = "segmentation.regions.mapping-file";
  public static final String MAX_REJECT_RATIO = "segmentation.quality.max-reject-ratio";
  public static final String UNKNOWN_CUSTOMER = "segmentation.quality.unknown-customer";
  public static final String TIERS = "segmentation.tiers";
  public static final String LIFECYCLE = "segmentation.lifecycle";
  public static final String LOYALTY = "segmentation.loyalty";
  public static final String MOTIVE = "segmentation.motive";
  public static final String CALIBRATION_END = "segmentation.value.holdout.calibration-end";

  public JobConfig {
    tiers = List.copyOf(tiers);
    lifecycle = List.copyOf(lifecycle);
    loyalty = List.copyOf(loyalty);
    if (loyalty.isEmpty() || !loyalty.get(loyalty.size() - 1).isDefault()) {
      throw new ConfigException(LOYALTY + " must end with the default level (" + LOYALTY + ".default)");
    }
    motive = List.copyOf(motive);
    if (motive.isEmpty() || !motive.get(motive.size() - 1).isDefault()) {
      throw new ConfigException(MOTIVE + " must end with the default motive (" + MOTIVE + ".default)");
    }
    if (!(maxRejectRatio >= 0 && maxRejectRatio <= 1)) {
      throw new ConfigException(MAX_REJECT_RATIO + " must be in [0, 1], got: " + maxRejectRatio);
    }
    if (tiers.isEmpty() || !tiers.get(tiers.size() - 1).isDefault()) {
      throw new ConfigException(TIERS + " must end with the default tier (" + TIERS + ".default)");
    }
    if (lifecycle.isEmpty() || !lifecycle.get(lifecycle.size() - 1).isDefault()) {
      throw new ConfigException(
          LIFECYCLE + " must end with the default stage (" + LIFECYCLE + ".default)");
    }
    if (recommendations.enabled() && recommendations.item() == RecommendConfig.Item.PRODUCT
        && transactions.column("product") == null) {
      throw new ConfigException(RecommendConfig.ITEM + " = product needs " + SourceConfig.TRANSACTIONS
          + ".columns.product: map it to the source's product (SKU) column, or recommend categories");
    }
    if (calibrationEnd.isPresent() && asOf.isPresent()) {
      checkCalibrationEnd(calibrationEnd.get(), asOf.get());
    }
  }

  /**
   * Fails unless the calibration end, when set, is before {@code snapshot}: checked here when the snapshot date is
   * configured, and by the run once it has derived the date from the data.
   */
  public void checkCalibrationEndBefore(LocalDate snapshot) {
    calibrationEnd.ifPresent(end -> checkCalibrationEnd(end, snapshot));
  }

  private static void checkCalibrationEnd(LocalDate calibrationEnd, LocalDate snapshot) {
    if (!calibrationEnd.isBefore(snapshot)) {
      throw new ConfigException(CALIBRATION_END + " must be before the snapshot date " + snapshot + ", got: "
          + calibrationEnd);
    }
  }

  public JobConfig withStep(Step newStep) {
    return new JobConfig(asOf, timeZone, master, appName, customers, transactions, regionMappingFile,
        maxRejectRatio, rfm, tiers, segments, lifecycle, kmeans, output, value, calibrationEnd, unknownCustomers,
        newStep, configHash, privacy, worklists, smallInput, cleaning, recommendations, interactions, feedback,
        loyalty, motive);
  }

  public JobConfig withAsOf(LocalDate date) {
    return new JobConfig(Optional.of(date), timeZone, master, appName, customers, transactions, regionMappingFile,
        maxRejectRatio, rfm, tiers, segments, lifecycle, kmeans, output, value, calibrationEnd,
        unknownCustomers, step, configHash, privacy, worklists, smallInput, cleaning, recommendations, interactions,
        feedback, loyalty, motive);
  }
}
