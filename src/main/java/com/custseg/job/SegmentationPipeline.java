package com.custseg.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.custseg.cluster.ClusterColumns;
import com.custseg.cluster.ClusterProfiles;
import com.custseg.cluster.Clustering;
import com.custseg.cluster.ClusteringResult;
import com.custseg.cluster.KMeansSegmenter;
import com.custseg.cluster.SegmentCrosstab;
import com.custseg.config.ConfigException;
import com.custseg.config.JobConfig;
import com.custseg.features.QuantileScores;
import com.custseg.history.Retention;
import com.custseg.history.SegmentMigration;
import com.custseg.history.SnapshotHistory;
import com.custseg.history.SnapshotWrites;
import com.custseg.features.RfmFeatures;
import com.custseg.io.CustomerColumns;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.InputCounts;
import com.custseg.quality.QualityGate;
import com.custseg.quality.Quarantine;
import com.custseg.region.RegionAssigner;
import com.custseg.region.RegionColumns;
import com.custseg.region.RegionMapping;
import com.custseg.report.SegmentSummary;
import com.custseg.segment.LifecycleStage;
import com.custseg.segment.RfmSegments;
import com.custseg.segment.SegmentColumns;
import com.custseg.segment.TierAssignment;
import com.custseg.value.BgNbdFit;
import com.custseg.value.BgNbdModel;
import com.custseg.value.CustomerValue;
import com.custseg.value.GammaGammaFit;
import com.custseg.value.GammaGammaModel;
import com.custseg.value.HoldoutCheck;
import com.custseg.value.InsufficientDataException;
import com.custseg.value.ValueColumns;
import com.custseg.value.ValueMetrics;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the job as named steps: read and validate → quality gate → regions → RFM → scores → RFM segments,
 * lifecycle stages, value tiers → k-means → write → summarise. The steps themselves live in their packages; this
 * class only wires them and names them.
 */
public final class SegmentationPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationPipeline.class);
  private static final int TOP_UNKNOWN_PROVINCES = 20;
  /** Classifications whose moves between snapshots go to segment_migration. */
  static final List<String> MIGRATION_DIMENSIONS = List.of(SegmentColumns.VALUE_TIER, SegmentColumns.CLUSTER_ID);
  /** The tables partitioned by snapshot_date, whose history retention trims. */
  static final List<String> SNAPSHOT_TABLES = List.of(OutputTables.REJECTS, OutputTables.CUSTOMER_SEGMENTS,
      OutputTables.SEGMENT_SUMMARY, OutputTables.SEGMENT_MIGRATION, OutputTables.VALUE_HOLDOUT,
      ClusterColumns.CLUSTER_PROFILES,
      ClusterColumns.SEGMENT_CROSSTAB);

  public static RunResult run(SparkSession spark, JobConfig config) {
    return run(spark, config, SnapshotWrites.Listener.NONE);
  }

  /** A run whose table writes are reported to {@code listener} (tests use it to fail a run half-way). */
  public static RunResult run(SparkSession spark, JobConfig config, SnapshotWrites.Listener listener) {
    Stages stages = new Stages(spark.sparkContext());
    RegionMapping regions = RegionMapping.load(config.regionMappingFile());

    Dataset<Row> customersChecked = stages.run("ingest: read customers", () ->
        InputCleaning.customers(SourceReader.read(spark, config.customers()), config.customers())
            .persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> transactionsParsed = stages.run("ingest: read transactions", () ->
        InputCleaning.transactions(SourceReader.read(spark, config.transactions()), config.transactions()));

    LocalDate asOf = config.asOf().orElseGet(() ->
        stages.run("ingest: find snapshot date", () -> dayAfterLatestTransaction(transactionsParsed)));
    LOG.info("snapshot date {}", asOf);

    Dataset<Row> customersKept = Quarantine.kept(customersChecked);
    Dataset<Row> transactionsChecked = InputCleaning.withSnapshotChecks(transactionsParsed, asOf,
        customersKept.select(CustomerColumns.CUSTOMER_ID)).persist(StorageLevel.MEMORY_AND_DISK());

    InputCounts customerCounts = stages.run("quality: count customers", () -> counts(customersChecked));
    InputCounts transactionCounts = stages.run("quality: count transactions", () -> counts(transactionsChecked));
    LOG.info("customers: read {}, kept {}, rejected {}", customerCounts.read(), customerCounts.kept(),
        customerCounts.rejectedByReason());
    LOG.info("transactions: read {}, kept {}, rejected {}", transactionCounts.read(), transactionCounts.kept(),
        transactionCounts.rejectedByReason());
    QualityGate.check("customers", customerCounts, config.maxRejectRatio());
    QualityGate.check("transactions", transactionCounts, config.maxRejectRatio());

    Dataset<Row> withRegion = RegionAssigner.withRegion(customersKept, regions.lookupTable(spark));
    boolean categoryMapped = config.transactions().column(TransactionColumns.CATEGORY) != null;
    Dataset<Row> features = stages.run("rfm: features", () -> RfmFeatures.withRfm(withRegion,
        RfmFeatures.rfmPerCustomer(Quarantine.kept(transactionsChecked), asOf, categoryMapped))
        .persist(StorageLevel.MEMORY_AND_DISK()));

    // Rule conditions are checked against the final columns before the scoring and clustering jobs run. Lifecycle
    // rules see the RFM segment; tier rules see the segment and the lifecycle stage.
    Dataset<Row> noCuts = QuantileScores.cutPoints(features.limit(0), config.rfm());
    Dataset<Row> segmentedShape = RfmSegments.withRfmSegment(
        QuantileScores.withScores(features, noCuts, config.rfm()), config.segments());
    LifecycleStage.validate(segmentedShape, config.lifecycle());
    Dataset<Row> stagedShape = LifecycleStage.withLifecycleStage(segmentedShape, config.lifecycle());
    TierAssignment.validate(stagedShape, config.tiers());
    if (config.kmeans().fitsNewModel()) {
      KMeansSegmenter.validateFeatures(TierAssignment.withValueTier(stagedShape, config.tiers()),
          config.kmeans().features());
    }

    Dataset<Row> scored = stages.run("rfm: quantile scores", () ->
        QuantileScores.withScores(features, QuantileScores.cutPoints(features, config.rfm()), config.rfm()));
    Dataset<Row> tiered = scored
        .transform(d -> RfmSegments.withRfmSegment(d, config.segments()))
        .transform(d -> LifecycleStage.withLifecycleStage(d, config.lifecycle()))
        .transform(d -> TierAssignment.withValueTier(d, config.tiers()))
        .persist(StorageLevel.MEMORY_AND_DISK());

    String segmentsPath = config.output().table(OutputTables.CUSTOMER_SEGMENTS);
    ClusteringResult clusters = stages.run("segment: k-means", () -> Clustering.run(spark, tiered,
        config.kmeans(), config.output().path(), asOf, previous -> writtenSnapshot(spark, segmentsPath, previous)));
    ValueScores value = config.value().enabled() ? valueScores(stages, tiered, config) : ValueScores.NONE;
    Optional<Dataset<Row>> holdout = config.value().enabled() && config.calibrationEnd().isPresent()
        ? Optional.of(stages.run("value: holdout check", () -> holdoutCheck(
            Quarantine.kept(transactionsChecked), config.calibrationEnd().get(), asOf, categoryMapped, config)))
        : Optional.empty();
    List<String> segmentColumns = new ArrayList<>(OutputTables.CUSTOMER_SEGMENTS_COLUMNS);
    if (config.value().enabled()) {
      segmentColumns.addAll(ValueColumns.scoreColumns(config.value()));
    }
    Dataset<Row> segments = KMeansSegmenter.withCluster(value.customers().orElse(tiered), clusters.model())
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(asOf)))
        .select(segmentColumns.stream().map(c -> col(c)).toArray(Column[]::new));

    String summaryPath = config.output().table(OutputTables.SEGMENT_SUMMARY);
    // The previous snapshot is looked up before this run writes anything (reruns of a snapshot compare with the
    // one before it, not with themselves).
    Optional<LocalDate> previous = SnapshotHistory.previousSnapshot(spark, segmentsPath, asOf);
    SnapshotWrites writes = new SnapshotWrites(spark, asOf, listener);
    try {
      stages.run("write: rejects", () -> writes.replace(
          Quarantine.rejected(customersChecked, "customers", asOf)
              .unionByName(Quarantine.rejected(transactionsChecked, "transactions", asOf)),
          config.output().table(OutputTables.REJECTS), OutputTables.SNAPSHOT_PARTITION));
      stages.run("write: customer_segments", () ->
          writes.replace(segments, segmentsPath, OutputTables.CUSTOMER_SEGMENTS_PARTITIONS));
      // The summary and the migration are computed from what was written, so the tables always agree.
      Dataset<Row> written = DeltaTables.readSnapshot(spark, segmentsPath, asOf);
      stages.run("write: segment_summary", () -> writes.replace(SegmentSummary.summarize(written),
          summaryPath, OutputTables.SNAPSHOT_PARTITION));
      previous.ifPresentOrElse(
          before -> stages.run("write: segment_migration", () -> writes.replace(SegmentMigration.between(
                  DeltaTables.readSnapshot(spark, segmentsPath, before), written, before, asOf,
                  MIGRATION_DIMENSIONS),
              config.output().table(OutputTables.SEGMENT_MIGRATION), OutputTables.SNAPSHOT_PARTITION)),
          () -> LOG.info("no snapshot before {} in {}: no segment_migration this run", asOf, segmentsPath));
      holdout.ifPresent(table -> stages.run("write: value_holdout", () -> writes.replace(table,
          config.output().table(OutputTables.VALUE_HOLDOUT), OutputTables.SNAPSHOT_PARTITION)));
      stages.run("write: cluster_profiles", () -> writes.replace(ClusterProfiles.table(spark, asOf, clusters),
          config.output().table(ClusterColumns.CLUSTER_PROFILES), ClusterColumns.PARTITIONS));
      stages.run("write: segment_crosstab", () -> writes.replace(
          SegmentCrosstab.crosstab(written, config.kmeans().crosstabDimensions(), clusters.model().labels()),
          config.output().table(ClusterColumns.SEGMENT_CROSSTAB), ClusterColumns.PARTITIONS));
    } catch (RuntimeException e) {
      LOG.error("run failed while writing snapshot {}; rolling back the tables written so far: {}", asOf,
          writes.paths());
      writes.rollback();
      throw e;
    }
    stages.run("write: retention", () -> Retention.apply(spark, SNAPSHOT_TABLES.stream()
        .map(config.output()::table).toList(), config.output().keepSnapshots(),
        config.output().vacuumRetentionHours()));

    List<RunResult.SegmentCount> segmentCounts = stages.run("report: summary", () -> segmentCounts(spark,
        summaryPath, asOf));
    List<RunResult.UnknownProvince> unknown = RegionAssigner.unknownProvinces(withRegion, TOP_UNKNOWN_PROVINCES)
        .collectAsList().stream()
        .map(r -> new RunResult.UnknownProvince(r.getString(0), r.getLong(1)))
        .toList();
    long segmented = segmentCounts.stream().mapToLong(RunResult.SegmentCount::customers).sum();

    tiered.unpersist();
    features.unpersist();
    transactionsChecked.unpersist();
    customersChecked.unpersist();
    return new RunResult(asOf, customerCounts, transactionCounts, segmented, segmentCounts, unknown,
        stages.millis(), config.output().path(), clusters);
  }

  /** The customers with the value columns, and the fitted models' figures for run_metrics. */
  record ValueScores(Optional<Dataset<Row>> customers, Map<String, Double> metrics) {
    static final ValueScores NONE = new ValueScores(Optional.empty(), Map.of());
  }

  /**
   * Fits BG/NBD and Gamma-Gamma and scores every customer. Too few (repeat) buyers to fit is not an error of the
   * data: the value columns are then null and the reason is logged.
   */
  private static ValueScores valueScores(Stages stages, Dataset<Row> customers, JobConfig config) {
    try {
      BgNbdFit purchases = stages.run("value: fit BG/NBD", () -> BgNbdModel.fit(customers, config.value()));
      GammaGammaFit spend = stages.run("value: fit Gamma-Gamma", () -> GammaGammaModel.fit(customers,
          config.value()));
      LOG.info("value models: BG/NBD {} (log-likelihood {}), Gamma-Gamma {}", purchases.params(),
          purchases.logLikelihood(), spend.params());
      return new ValueScores(Optional.of(CustomerValue.withValueScores(customers, purchases, spend, config.value())),
          ValueMetrics.of(purchases, spend));
    } catch (InsufficientDataException e) {
      LOG.warn("value models not fitted, value columns left empty: {}", e.getMessage());
      return new ValueScores(Optional.of(CustomerValue.withoutValueScores(customers, config.value())), Map.of());
    }
  }

  /**
   * The holdout check of the purchase model: BG/NBD fitted on the transactions before {@code calibrationEnd}, its
   * predicted repeat purchases until the snapshot against the actual ones, per calibration frequency and in total.
   */
  private static Dataset<Row> holdoutCheck(Dataset<Row> transactions, LocalDate calibrationEnd, LocalDate asOf,
      boolean categoryMapped, JobConfig config) {
    if (!calibrationEnd.isBefore(asOf)) {
      throw new ConfigException("segmentation.value.holdout.calibration-end must be before the snapshot date "
          + asOf + ", got: " + calibrationEnd);
    }
    Dataset<Row> calibration = RfmFeatures.rfmPerCustomer(
        transactions.where(col(TransactionColumns.ORDER_DATE).lt(lit(Date.valueOf(calibrationEnd)))),
        calibrationEnd, categoryMapped).persist(StorageLevel.MEMORY_AND_DISK());
    BgNbdFit fit = BgNbdModel.fit(calibration, config.value());
    Dataset<Row> table = HoldoutCheck.predictedVsActual(calibration,
        HoldoutCheck.holdoutPurchases(transactions, calibrationEnd, asOf), fit, calibrationEnd, asOf, config.value())
        .withColumn(HoldoutCheck.CALIBRATION_END, lit(Date.valueOf(calibrationEnd)))
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(asOf)))
        .localCheckpoint();
    // Bounded: one row per frequency bucket.
    table.where(col(ValueColumns.FREQUENCY_BUCKET).equalTo(ValueColumns.TOTAL)).collectAsList().forEach(r ->
        LOG.info("holdout {} .. {}: {} customers, predicted {} repeat purchases, actual {}", calibrationEnd, asOf,
            r.getAs(ValueColumns.CUSTOMERS), r.getAs(ValueColumns.PREDICTED_REPEAT_PURCHASES),
            r.getAs(ValueColumns.ACTUAL_REPEAT_PURCHASES)));
    calibration.unpersist();
    return table;
  }

  /** The default snapshot: the day after the latest usable transaction. */
  static LocalDate dayAfterLatestTransaction(Dataset<Row> transactions) {
    Row latest = Quarantine.kept(transactions).agg(max(col(TransactionColumns.ORDER_DATE))).first();
    if (latest.isNullAt(0)) {
      throw new IllegalStateException("no usable transaction in the input: cannot choose a snapshot date; "
          + "pass --as-of YYYY-MM-DD");
    }
    return latest.getDate(0).toLocalDate().plusDays(1);
  }

  /** The rows of an earlier snapshot of a table this job writes, when the table exists. */
  private static Optional<Dataset<Row>> writtenSnapshot(SparkSession spark, String path, LocalDate snapshot) {
    return io.delta.tables.DeltaTable.isDeltaTable(spark, path)
        ? Optional.of(DeltaTables.readSnapshot(spark, path, snapshot)) : Optional.empty();
  }

  private static InputCounts counts(Dataset<Row> checked) {
    Map<String, Long> counts = new HashMap<>();
    // Bounded: one row per reject reason.
    for (Row r : Quarantine.countsByReason(checked).collectAsList()) {
      counts.put(r.isNullAt(0) ? InputCounts.KEPT : r.getString(0), r.getLong(1));
    }
    return InputCounts.of(counts);
  }

  private static List<RunResult.SegmentCount> segmentCounts(SparkSession spark, String summaryPath, LocalDate asOf) {
    // Bounded: one row per region x tier x cluster.
    return DeltaTables.readSnapshot(spark, summaryPath, asOf)
        .select(RegionColumns.REGION_CODE, RegionColumns.REGION_NAME, SegmentColumns.VALUE_TIER,
            SegmentColumns.VALUE_TIER_NAME, SegmentColumns.CLUSTER_ID, OutputTables.CUSTOMERS, OutputTables.REVENUE)
        .collectAsList().stream()
        .map(r -> new RunResult.SegmentCount(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
            r.getInt(4), r.getLong(5), r.isNullAt(6) ? BigDecimal.ZERO : r.getDecimal(6)))
        .toList();
  }

  private SegmentationPipeline() {}
}
