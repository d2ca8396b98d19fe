package com.custseg.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.custseg.cluster.ClusterColumns;
import com.custseg.cluster.ClusterProfiles;
import com.custseg.cluster.Clustering;
import com.custseg.cluster.ClusteringResult;
import com.custseg.cluster.KMeansSegmenter;
import com.custseg.cluster.SegmentCrosstab;
import com.custseg.cluster.TooFewBuyersException;
import com.custseg.config.ConfigException;
import com.custseg.config.JobConfig;
import com.custseg.config.RecommendConfig;
import com.custseg.features.ContactColumns;
import com.custseg.features.ContactFeatures;
import com.custseg.features.MotiveColumns;
import com.custseg.features.MotiveFeatures;
import com.custseg.features.QuantileScores;
import com.custseg.features.RfmAggregates;
import com.custseg.features.RfmColumns;
import com.custseg.features.RfmFeatures;
import com.custseg.history.IncrementalRfm;
import com.custseg.history.SegmentMigration;
import com.custseg.history.SnapshotHistory;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.CustomerColumns;
import com.custseg.io.DeltaTables;
import com.custseg.io.FeedbackColumns;
import com.custseg.io.InteractionColumns;
import com.custseg.io.OutputTables;
import com.custseg.io.SilverTables;
import com.custseg.io.SnapshotTables;
import com.custseg.io.TransactionColumns;
import com.custseg.privacy.Privacy;
import com.custseg.region.RegionAssigner;
import com.custseg.region.RegionColumns;
import com.custseg.region.RegionMapping;
import com.custseg.report.RunResult;
import com.custseg.report.SegmentSummary;
import com.custseg.segment.CustomerDimensions;
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
import com.custseg.worklist.Worklists;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment step of a run: the snapshot's silver tables → regions → RFM features and scores → RFM segments,
 * lifecycle stages, value tiers → customer value → k-means → customer_segments and the tables computed from it.
 * Also the check of the rules against the columns this step gives them, before any input is read.
 */
final class SegmentStep {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentStep.class);
  /** Classifications whose moves between snapshots go to segment_migration. */
  static final List<String> MIGRATION_DIMENSIONS = List.of(SegmentColumns.VALUE_TIER, SegmentColumns.CLUSTER_ID,
      SegmentColumns.LOYALTY, ContactColumns.ATTITUDE, SegmentColumns.MOTIVE);
  /**
   * Columns of customer_segments, in order, before the value columns (when segmentation.value is enabled). Personal
   * data (name, phone) is deliberately absent: this table is for analysts.
   */
  static final List<String> CUSTOMER_SEGMENTS_COLUMNS = List.of(
      OutputTables.SNAPSHOT_DATE, RegionColumns.REGION_CODE, RegionColumns.REGION_NAME, RegionColumns.PROVINCE,
      RegionColumns.PROVINCE_CODE, RegionColumns.ECONOMIC_ZONE, CustomerColumns.CITY, CustomerColumns.CUSTOMER_ID,
      CustomerColumns.SIGNUP_DATE, CustomerColumns.INDUSTRY, CustomerColumns.COMPANY_SIZE, CustomerColumns.CHANNEL,
      RfmColumns.IS_BUYER, RfmColumns.FIRST_PURCHASE_DATE, RfmColumns.LAST_PURCHASE_DATE, RfmColumns.RECENCY_DAYS,
      RfmColumns.FREQUENCY, RfmColumns.MONETARY, RfmColumns.NET_SPEND_NOT_POSITIVE,
      RfmColumns.AVG_ORDER_VALUE, RfmColumns.TENURE_DAYS, RfmColumns.ACTIVE_DAYS, RfmColumns.CATEGORY_BREADTH,
      RfmColumns.SPEND_90D, RfmColumns.ORDERS_90D, RfmColumns.SPEND_PREV_90D, RfmColumns.SPEND_CHANGE_90D,
      RfmColumns.SPEND_TREND_90D, RfmColumns.SPEND_365D, RfmColumns.ORDERS_365D,
      ContactColumns.INTERACTIONS_90D, ContactColumns.INTERACTIONS_365D, ContactColumns.ONLINE_INTERACTIONS_365D,
      ContactColumns.OFFLINE_INTERACTIONS_365D, ContactColumns.INQUIRIES_90D, ContactColumns.COMPLAINTS_365D,
      ContactColumns.DAYS_SINCE_LAST_INTERACTION, ContactColumns.PREFERRED_CHANNEL, ContactColumns.ONLINE_SHARE,
      ContactColumns.FEEDBACK_COUNT_365D, ContactColumns.AVG_SCORE_365D, ContactColumns.LATEST_SCORE,
      ContactColumns.NPS_CLASS, ContactColumns.ATTITUDE,
      MotiveColumns.DISCOUNT_SHARE, MotiveColumns.PRICE_LEVEL, MotiveColumns.BRAND_CONCENTRATION,
      MotiveColumns.CATEGORY_CONCENTRATION,
      RfmColumns.FREQUENCY_REPEAT, RfmColumns.RECENCY_REPEAT, RfmColumns.T_DAYS, RfmColumns.MONETARY_REPEAT,
      RfmColumns.R_SCORE, RfmColumns.F_SCORE, RfmColumns.M_SCORE, RfmColumns.RFM_SCORE,
      SegmentColumns.RFM_SEGMENT, SegmentColumns.RFM_SEGMENT_NAME, SegmentColumns.RFM_SEGMENT_RULE,
      SegmentColumns.LIFECYCLE_STAGE, SegmentColumns.LIFECYCLE_STAGE_NAME, SegmentColumns.LIFECYCLE_STAGE_RULE,
      SegmentColumns.LOYALTY, SegmentColumns.LOYALTY_NAME, SegmentColumns.LOYALTY_RULE,
      SegmentColumns.MOTIVE, SegmentColumns.MOTIVE_NAME, SegmentColumns.MOTIVE_RULE,
      SegmentColumns.VALUE_TIER, SegmentColumns.VALUE_TIER_NAME, SegmentColumns.VALUE_TIER_RULE,
      SegmentColumns.CLUSTER_ID, ClusterColumns.CLUSTER_CODE, ClusterColumns.CLUSTER_NAME);

  /**
   * The segment step: customers_clean and transactions_clean of the snapshot (the ingest step's kept lines when it
   * ran in the same run, {@code keptTransactions}) → regions → RFM features and scores →
   * RFM segments, lifecycle stages, value tiers → customer value → k-means → customer_segments, segment_summary,
   * segment_migration, value_holdout, cluster_profiles and segment_crosstab; with teams configured, also action_list,
   * the worklist exports and export_log ({@link WorklistStep}).
   */
  static Segmented run(SparkSession spark, JobConfig config, RegionMapping regions, Stages stages,
      LocalDate asOf, boolean reportUnknownProvinces, SnapshotWrites writes,
      Optional<Dataset<Row>> keptTransactions, Optional<Dataset<Row>> keptInteractions,
      Optional<Dataset<Row>> keptFeedback) {
    config.checkCalibrationEndBefore(asOf);
    Dataset<Row> customers = SilverTables.readCustomers(spark,
        OutputTables.CUSTOMERS_CLEAN.pathIn(config.output()), asOf);
    Dataset<Row> transactions = keptTransactions.orElseGet(() -> SilverTables.readTransactions(spark,
        OutputTables.TRANSACTIONS_CLEAN.pathIn(config.output()), asOf));

    Dataset<Row> withRegion = RegionAssigner.withRegion(customers, regions.lookupTable(spark), regions.unknownName());
    boolean categoryMapped = config.transactions().column(TransactionColumns.CATEGORY) != null;
    Dataset<Row> perCustomer = config.rfm().incremental()
        ? incrementalRfm(spark, config, stages, transactions, asOf, categoryMapped, writes)
        : RfmFeatures.rfmPerCustomer(transactions, asOf, categoryMapped);
    // The contact features are computed from the snapshot's whole silver tables on every run, incremental or not.
    Optional<Dataset<Row>> interactions = config.interactions().map(source -> keptInteractions.orElseGet(() ->
        SilverTables.readContacts(spark, OutputTables.INTERACTIONS_CLEAN.pathIn(config.output()), asOf,
            InteractionColumns.SCHEMA)));
    Optional<Dataset<Row>> feedback = config.feedback().map(source -> keptFeedback.orElseGet(() ->
        SilverTables.readContacts(spark, OutputTables.FEEDBACK_CLEAN.pathIn(config.output()), asOf,
            FeedbackColumns.SCHEMA)));
    Dataset<Row> features = stages.run("rfm: features", () -> RfmFeatures.withRfm(withRegion, perCustomer)
        .transform(d -> ContactFeatures.withContactFeatures(d,
            interactions.map(rows -> ContactFeatures.interactionsPerCustomer(rows, asOf)),
            feedback.map(rows -> ContactFeatures.feedbackPerCustomer(rows, asOf)), config.feedback()))
        .transform(d -> MotiveFeatures.withMotiveFeatures(d, motiveMapped(config)
            ? Optional.of(MotiveFeatures.perCustomer(transactions)) : Optional.empty()))
        .persist(StorageLevel.MEMORY_AND_DISK()));

    // The rule conditions were checked by run() before any step, on features of the same shape (checkRules).

    Dataset<Row> scored = stages.run("rfm: quantile scores", () ->
        QuantileScores.withScores(features, QuantileScores.cutPoints(features, config.rfm()), config.rfm()));
    Dataset<Row> tiered = scored
        .transform(d -> RfmSegments.withRfmSegment(d, config.segments()))
        .transform(d -> LifecycleStage.withLifecycleStage(d, config.lifecycle()))
        .transform(d -> CustomerDimensions.withLoyalty(d, config.loyalty()))
        .transform(d -> CustomerDimensions.withMotive(d, config.motive()))
        .transform(d -> TierAssignment.withValueTier(d, config.tiers()))
        .persist(StorageLevel.MEMORY_AND_DISK());

    String segmentsPath = OutputTables.CUSTOMER_SEGMENTS.pathIn(config.output());
    ClusteringResult clusters = clusters(spark, stages, tiered, config, asOf, segmentsPath, writes);
    ValueScores value = config.value().enabled() ? valueScores(stages, tiered, config) : ValueScores.NONE;
    Optional<Dataset<Row>> holdout = config.value().enabled() && config.calibrationEnd().isPresent()
        ? Optional.of(stages.run("value: holdout check", () -> HoldoutCheck.table(
            transactions, config.calibrationEnd().get(), asOf, categoryMapped, config.value())))
        : Optional.empty();
    List<String> segmentColumns = new ArrayList<>(CUSTOMER_SEGMENTS_COLUMNS);
    if (config.value().enabled()) {
      segmentColumns.addAll(ValueColumns.scoreColumns(config.value()));
    }
    Dataset<Row> valued = value.customers().orElse(tiered);
    Dataset<Row> segments = (clusters == null ? KMeansSegmenter.withoutClusters(valued)
        : KMeansSegmenter.withCluster(valued, clusters.model()))
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(asOf)))
        .select(segmentColumns.stream().map(c -> col(c)).toArray(Column[]::new))
        .transform(rows -> Privacy.withPersonalDataProtected(rows, config.privacy()));

    // The previous snapshot is looked up before this run writes anything (reruns of a snapshot compare with the
    // one before it, not with themselves).
    Optional<LocalDate> previous = SnapshotHistory.previousSnapshot(spark, segmentsPath, asOf);
    stages.run("write: customer_segments", () ->
        writes.replace(segments, OutputTables.CUSTOMER_SEGMENTS, asOf));
    // The summary and the migration are computed from what was written, so the tables always agree; read once and
    // kept, so each table computed from it does not list and read the snapshot again.
    Dataset<Row> written = SnapshotTables.readSnapshot(spark, segmentsPath, asOf)
        .persist(StorageLevel.MEMORY_AND_DISK());
    stages.run("write: segment_summary", () -> writes.replace(SegmentSummary.summarize(written),
        OutputTables.SEGMENT_SUMMARY, asOf));
    previous.ifPresentOrElse(
        before -> stages.run("write: segment_migration", () -> {
          Dataset<Row> then = SnapshotTables.readSnapshot(spark, segmentsPath, before);
          writes.replace(SegmentMigration.between(then, written, before, asOf, migrationDimensions(config, then,
              written)), OutputTables.SEGMENT_MIGRATION, asOf);
        }),
        () -> LOG.info("no snapshot before {} in {}: no segment_migration this run", asOf, segmentsPath));
    holdout.ifPresent(table -> stages.run("write: value_holdout", () -> writes.replace(table,
        OutputTables.VALUE_HOLDOUT, asOf)));
    if (clusters != null) {
      stages.run("write: cluster_profiles", () -> writes.replace(ClusterProfiles.table(spark, asOf, clusters),
          OutputTables.CLUSTER_PROFILES, asOf));
      stages.run("write: segment_crosstab", () -> writes.replace(
          SegmentCrosstab.crosstab(written, dimensionsIn(config, config.kmeans().crosstabDimensions(), written),
              clusters.model().labels()),
          OutputTables.SEGMENT_CROSSTAB, asOf));
    }
    if (config.worklists().enabled()) {
      WorklistStep.run(spark, config, stages, writes, written,
          previous.map(before -> SnapshotTables.readSnapshot(spark, segmentsPath, before)), asOf);
    }

    Map<String, Double> recommendations = config.recommendations().enabled() && itemMapped(config)
        ? RecommendStep.run(spark, config, stages, writes, written, transactions, asOf) : Map.of();

    List<RunResult.SegmentCount> segmentCounts = stages.run("report: summary", () -> SegmentSummary.counts(
        SnapshotTables.readSnapshot(spark, OutputTables.SEGMENT_SUMMARY.pathIn(config.output()), asOf)));
    List<RunResult.UnknownProvince> unknown = reportUnknownProvinces ? IngestStep.unknownProvinces(withRegion)
        : List.of();
    long segmentedCustomers = segmentCounts.stream().mapToLong(RunResult.SegmentCount::customers).sum();
    Map<String, Double> model = new LinkedHashMap<>(clusters == null ? Map.of() : clusters.metrics());
    model.putAll(value.metrics());
    model.putAll(recommendations);

    written.unpersist();
    tiered.unpersist();
    features.unpersist();
    return new Segmented(segmentedCustomers, segmentCounts, unknown, clusters, model);
  }


  /**
   * Checks the rule conditions (lifecycle stages, value tiers) and the k-means features against the columns the
   * segment step will give them, before any input is read: an unknown column or a non-boolean condition fails the run
   * in milliseconds, naming the rule and its key, with nothing written. The columns come from empty customers and
   * transactions of the silver schemas through the same transforms as segment(); lifecycle rules see the RFM
   * segment, tier rules also the lifecycle stage; the playbook (with teams configured) sees the columns of
   * customer_segments, and the teams are checked against the region mapping.
   */
  static void checkRules(SparkSession spark, JobConfig config, RegionMapping regions) {
    Dataset<Row> customers = spark.createDataFrame(List.of(), CustomerColumns.SCHEMA);
    Dataset<Row> transactions = spark.createDataFrame(List.of(), TransactionColumns.SCHEMA);
    LocalDate anyDate = config.asOf().orElse(LocalDate.EPOCH);
    Dataset<Row> features = RfmFeatures.withRfm(
        RegionAssigner.withRegion(customers, regions.lookupTable(spark), regions.unknownName()),
        RfmFeatures.rfmPerCustomer(transactions, anyDate,
            config.transactions().column(TransactionColumns.CATEGORY) != null))
        .transform(d -> ContactFeatures.withContactFeatures(d,
            config.interactions().map(source -> ContactFeatures.interactionsPerCustomer(
                spark.createDataFrame(List.of(), InteractionColumns.SCHEMA), anyDate)),
            config.feedback().map(source -> ContactFeatures.feedbackPerCustomer(
                spark.createDataFrame(List.of(), FeedbackColumns.SCHEMA), anyDate)), config.feedback()))
        .transform(d -> MotiveFeatures.withMotiveFeatures(d, motiveMapped(config)
            ? Optional.of(MotiveFeatures.perCustomer(transactions)) : Optional.empty()));
    Dataset<Row> noCuts = QuantileScores.cutPoints(features, config.rfm());
    Dataset<Row> segmentedShape = RfmSegments.withRfmSegment(
        QuantileScores.withScores(features, noCuts, config.rfm()), config.segments());
    withKey(JobConfig.LIFECYCLE, () -> LifecycleStage.validate(segmentedShape, config.lifecycle(),
        config.privacy()::isPii));
    Dataset<Row> lifecycleShape = LifecycleStage.withLifecycleStage(segmentedShape, config.lifecycle());
    withKey(JobConfig.LOYALTY, () -> CustomerDimensions.validateLoyalty(lifecycleShape, config.loyalty(),
        config.privacy()::isPii));
    Dataset<Row> loyaltyShape = CustomerDimensions.withLoyalty(lifecycleShape, config.loyalty());
    withKey(JobConfig.MOTIVE, () -> CustomerDimensions.validateMotive(loyaltyShape, config.motive(),
        config.privacy()::isPii));
    Dataset<Row> stagedShape = CustomerDimensions.withMotive(loyaltyShape, config.motive());
    withKey(JobConfig.TIERS, () -> TierAssignment.validate(stagedShape, config.tiers(), config.privacy()::isPii));
    Dataset<Row> tieredShape = TierAssignment.withValueTier(stagedShape, config.tiers());
    if (config.kmeans().fitsNewModel()) {
      KMeansSegmenter.validateFeatures(tieredShape, config.kmeans().features());
    }
    if (config.worklists().enabled()) {
      Worklists.check(customerSegmentsShape(tieredShape, config, anyDate), regions, config.worklists());
    }
  }

  /** Empty rows with the columns of customer_segments, from the tiered customers' shape: what the playbook sees. */
  private static Dataset<Row> customerSegmentsShape(Dataset<Row> tiered, JobConfig config, LocalDate anyDate) {
    List<String> columns = new ArrayList<>(CUSTOMER_SEGMENTS_COLUMNS);
    Dataset<Row> shape = tiered;
    if (config.value().enabled()) {
      columns.addAll(ValueColumns.scoreColumns(config.value()));
      shape = CustomerValue.withoutValueScores(shape, config.value());
    }
    return shape
        .withColumn(SegmentColumns.CLUSTER_ID, lit(SegmentColumns.NO_CLUSTER))
        .withColumn(ClusterColumns.CLUSTER_CODE, lit(null).cast(DataTypes.StringType))
        .withColumn(ClusterColumns.CLUSTER_NAME, lit(null).cast(DataTypes.StringType))
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(anyDate)))
        .select(columns.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Whether the transactions map a field the motive features need (category, brand, discount or list price):
   * without any, every motive feature would be null, and the pass over the lines is skipped.
   */
  static boolean motiveMapped(JobConfig config) {
    return java.util.stream.Stream.of(TransactionColumns.CATEGORY, TransactionColumns.BRAND,
        TransactionColumns.DISCOUNT, TransactionColumns.LIST_PRICE)
        .anyMatch(field -> config.transactions().column(field) != null);
  }

  /** Whether the transactions map what the recommendations recommend (the category, or the product). */
  static boolean itemMapped(JobConfig config) {
    return config.transactions().column(config.recommendations().item() == RecommendConfig.Item.PRODUCT
        ? TransactionColumns.PRODUCT : TransactionColumns.CATEGORY) != null;
  }

  /** Runs a rule check, prefixing its error with the config key of the rules. */
  private static void withKey(String key, Runnable check) {
    try {
      check.run();
    } catch (ConfigException e) {
      throw new ConfigException(key + ": " + e.getMessage(), e);
    }
  }

  /**
   * RFM per customer in incremental mode: the snapshot's customer_aggregates (the previous snapshot's merged with the
   * new transactions, or all transactions aggregated when that is not exact) are written, then the features are
   * computed from them and the last year of transactions.
   */
  private static Dataset<Row> incrementalRfm(SparkSession spark, JobConfig config, Stages stages,
      Dataset<Row> transactions, LocalDate asOf, boolean categoryMapped, SnapshotWrites writes) {
    String path = OutputTables.CUSTOMER_AGGREGATES.pathIn(config.output());
    IncrementalRfm.State state = stages.run("rfm: aggregates", () ->
        IncrementalRfm.aggregates(spark, path, transactions, asOf));
    stages.run("write: customer_aggregates", () -> writes.replace(
        state.aggregates().withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(asOf))),
        OutputTables.CUSTOMER_AGGREGATES, asOf));
    return RfmAggregates.rfmPerCustomer(DeltaTables.readSnapshot(spark, path, asOf),
        RfmAggregates.lastYear(transactions, asOf), asOf, categoryMapped);
  }

  /** What the segment step did; {@code clusters} is null and {@code model} empty when the run only ingests. */
  record Segmented(long customers, List<RunResult.SegmentCount> counts,
      List<RunResult.UnknownProvince> unknownProvinces, ClusteringResult clusters, Map<String, Double> model) {
    static final Segmented NONE = new Segmented(0, List.of(), List.of(), null, Map.of());
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
      GammaGammaFit spend = stages.run("value: fit Gamma-Gamma", () -> GammaGammaModel.fitLeavingOutNegativeSpend(
          customers, config.value()));
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
   * The k-means step; null when the buyers are too few for it (the run goes on with every customer in cluster -1,
   * and no cluster_profiles or segment_crosstab for the snapshot).
   */
  private static ClusteringResult clusters(SparkSession spark, Stages stages, Dataset<Row> tiered, JobConfig config,
      LocalDate asOf, String segmentsPath, SnapshotWrites writes) {
    return stages.run("segment: k-means", () -> {
      try {
        return Clustering.run(spark, tiered, config.kmeans(), config.output().path(), asOf,
            previous -> writtenSnapshot(spark, segmentsPath, previous), writes);
      } catch (TooFewBuyersException e) {
        LOG.warn("k-means not fitted, every customer in cluster {} ({}): {}", SegmentColumns.NO_CLUSTER,
            ClusterColumns.NOT_CLUSTERED_CODE, e.getMessage());
        return null;
      }
    });
  }

  /** The rows of an earlier snapshot of a table this job writes, when the table exists. */
  private static Optional<Dataset<Row>> writtenSnapshot(SparkSession spark, String path, LocalDate snapshot) {
    return SnapshotTables.exists(spark, path)
        ? Optional.of(SnapshotTables.readSnapshot(spark, path, snapshot)) : Optional.empty();
  }

  /** The dimensions of segment_migration: {@link #MIGRATION_DIMENSIONS} that both snapshots have. */
  static List<String> migrationDimensions(JobConfig config, Dataset<Row> previous, Dataset<Row> current) {
    return dimensionsIn(config, MIGRATION_DIMENSIONS, previous, current);
  }

  /**
   * Those of {@code dimensions} that every one of {@code tables} has, in order; attitude only with a feedback
   * source (without one every customer's is unknown, which compares and crosses to nothing), motive only when the
   * transactions map a field of the motive features.
   */
  @SafeVarargs
  static List<String> dimensionsIn(JobConfig config, List<String> dimensions, Dataset<Row>... tables) {
    return dimensions.stream()
        .filter(d -> Arrays.stream(tables).allMatch(t -> Arrays.asList(t.columns()).contains(d)))
        .filter(d -> !d.equals(ContactColumns.ATTITUDE) || config.feedback().isPresent())
        .filter(d -> !d.equals(SegmentColumns.MOTIVE) || motiveMapped(config)).toList();
  }

  private SegmentStep() {}
}
