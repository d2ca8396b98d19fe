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
import com.custseg.config.Step;
import com.custseg.config.UnknownCustomerPolicy;
import com.custseg.features.QuantileScores;
import com.custseg.features.RfmAggregates;
import com.custseg.features.RfmFeatures;
import com.custseg.history.IncrementalRfm;
import com.custseg.history.InterruptedRuns;
import com.custseg.history.Retention;
import com.custseg.history.SegmentMigration;
import com.custseg.history.SnapshotHistory;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.CustomerColumns;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SilverTables;
import com.custseg.io.SnapshotTable;
import com.custseg.io.SnapshotTables;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.privacy.Privacy;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.InputCounts;
import com.custseg.quality.QualityGate;
import com.custseg.quality.Quarantine;
import com.custseg.quality.RejectColumns;
import com.custseg.quality.RunMetrics;
import com.custseg.region.RegionAssigner;
import com.custseg.region.RegionColumns;
import com.custseg.region.RegionMapping;
import com.custseg.report.CatalogTables;
import com.custseg.report.HtmlReport;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the job as named steps. Ingest: read and validate → quality gate → rejects, customers_clean,
 * transactions_clean. Segment: silver tables → regions → RFM → scores → tiers → k-means → write → summarise. Every
 * run appends its data-quality report to run_metrics. The steps themselves live in their packages; this class only
 * wires them and names them.
 */
public final class SegmentationPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationPipeline.class);
  private static final int TOP_UNKNOWN_PROVINCES = 20;
  /** run_metrics.input_counts keys added by the pipeline (the per-source ones come from RunMetrics). */
  static final String CUSTOMERS_CREATED = "customers_created";
  static final String CUSTOMERS_NET_SPEND_NOT_POSITIVE = "customers_net_spend_not_positive";
  static final String CUSTOMERS_SEGMENTED = "customers_segmented";
  /** run_metrics.unknown_provinces key of customers without any province. */
  static final String NULL_PROVINCE = "(none)";
  /** Classifications whose moves between snapshots go to segment_migration. */
  static final List<String> MIGRATION_DIMENSIONS = List.of(SegmentColumns.VALUE_TIER, SegmentColumns.CLUSTER_ID);
  /** The tables partitioned by snapshot_date, whose history retention trims (run_metrics keeps every run). */
  static final List<String> SNAPSHOT_TABLES = List.of(OutputTables.REJECTS, SilverTables.CUSTOMERS_CLEAN,
      SilverTables.TRANSACTIONS_CLEAN, OutputTables.CUSTOMER_SEGMENTS, OutputTables.SEGMENT_SUMMARY,
      OutputTables.SEGMENT_MIGRATION, OutputTables.VALUE_HOLDOUT, ClusterColumns.CLUSTER_PROFILES,
      ClusterColumns.SEGMENT_CROSSTAB, RfmAggregates.CUSTOMER_AGGREGATES);
  /** The job's own working tables, read back only by the job: Delta whatever segmentation.output.format says. */
  static final List<String> WORKING_TABLES = List.of(SilverTables.CUSTOMERS_CLEAN, SilverTables.TRANSACTIONS_CLEAN,
      RfmAggregates.CUSTOMER_AGGREGATES);

  public static RunResult run(SparkSession spark, JobConfig config) {
    return run(spark, config, SnapshotWrites.Listener.NONE);
  }

  /**
   * A run whose table writes are reported to {@code listener} (tests use it to fail a run half-way). The tables a run
   * writes are one unit: when the run fails after writing some of them, every table written is rolled back, so a
   * failed run leaves the output as it was (its run_metrics row, status failed, is the only trace).
   */
  public static RunResult run(SparkSession spark, JobConfig config, SnapshotWrites.Listener listener) {
    Run run = new Run(UUID.randomUUID().toString(), Instant.now(), new Stages(spark.sparkContext()));
    RegionMapping regions = RegionMapping.load(config.regionMappingFile());
    if (config.step().segments()) {
      run.stages().run("config: check rules", () -> checkRules(spark, config, regions));
    }
    SnapshotWrites writes = new SnapshotWrites(spark, run.id(), listener, path -> tableFormat(config, path));
    run.stages().run("recover: interrupted runs", () -> InterruptedRuns.recover(spark,
        SNAPSHOT_TABLES.stream().map(config.output()::table).toList(),
        config.output().table(RunMetricsTable.RUN_METRICS), config.output().format()));
    Ingested ingested = null;
    Segmented segmented = Segmented.NONE;
    try {
      ingested = config.step().ingests() ? ingest(spark, config, regions, run, writes)
          : Ingested.notRun(config.asOf().orElseGet(() -> latestSnapshot(spark, config)));
      if (config.step().segments()) {
        segmented = segment(spark, config, regions, run.stages(), ingested.asOf(), !config.step().ingests(),
            writes);
      }
    } catch (QualityGate.QualityGateException e) {
      throw e; // nothing written; the ingest step recorded the failed run
    } catch (RuntimeException e) {
      if (!writes.paths().isEmpty()) {
        LOG.error("run failed; rolling back the tables written so far: {}", writes.paths());
        writes.rollback();
      }
      if (ingested != null) {
        RunMetricsTable.append(spark, config.output().table(RunMetricsTable.RUN_METRICS), config.output().format(),
            run.metrics(config, ingested.asOf(), RunMetrics.FAILED, ingested.metricCounts(),
                RunMetrics.rejects(ingested.customers(), ingested.transactions()), ingested.unknownProvinces(),
                Map.of()));
      }
      throw e;
    }
    LocalDate asOf = ingested.asOf();
    run.stages().run("write: retention", () -> Retention.apply(spark, SNAPSHOT_TABLES.stream()
        .map(config.output()::table).toList(), config.output().keepSnapshots(),
        config.output().vacuumRetentionHours()));

    List<RunResult.UnknownProvince> unknown = config.step().ingests() ? ingested.unknownProvinces()
        : segmented.unknownProvinces();
    Map<String, Long> counts = new LinkedHashMap<>(ingested.metricCounts());
    if (config.step().segments()) {
      counts.put(CUSTOMERS_SEGMENTED, segmented.customers());
    }
    RunMetrics metrics = run.metrics(config, asOf, RunMetrics.SUCCEEDED, counts,
        config.step().ingests() ? RunMetrics.rejects(ingested.customers(), ingested.transactions()) : Map.of(),
        unknown, segmented.model());
    RunMetricsTable.append(spark, config.output().table(RunMetricsTable.RUN_METRICS), config.output().format(),
        metrics);
    writes.commit();
    if (config.output().registersInCatalog()) {
      run.stages().run("write: catalog", () -> CatalogTables.register(spark, config.output().catalogDatabase(),
          catalogTables(config)));
    }
    Ingested counted = ingested;
    String reportPath = config.step().segments() ? run.stages().run("report: html", () -> HtmlReport.write(spark,
        config, asOf, counted.customers(), counted.transactions())) : null;
    return new RunResult(asOf, ingested.customers(), ingested.transactions(), segmented.customers(),
        segmented.counts(), unknown, run.stages().millis(), config.output().path(), metrics, segmented.clusters(),
        reportPath);
  }

  /**
   * The ingest step: read and clean both sources, pass the quality gate, then write rejects, customers_clean and
   * transactions_clean of the snapshot. Nothing but the run_metrics row of the failed run is written when the gate
   * fails.
   */
  static Ingested ingest(SparkSession spark, JobConfig config, RegionMapping regions, Run run,
      SnapshotWrites writes) {
    Stages stages = run.stages();
    Dataset<Row> customersChecked = stages.run("ingest: read customers", () ->
        InputCleaning.customers(SourceReader.read(spark, config.customers()), config.customers(),
            config.timeZone())
            .persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> linesChecked = stages.run("ingest: read transactions", () ->
        InputCleaning.checkedLines(SourceReader.read(spark, config.transactions()),
            config.transactions(), config.timeZone()));

    // Taken before the duplicate check: copies of kept lines do not move the latest date, and this pass then needs
    // no shuffle (the comparison of all lines runs once, in the counts below).
    LocalDate asOf = config.asOf().orElseGet(() ->
        stages.run("ingest: find snapshot date", () -> dayAfterLatestTransaction(linesChecked)));
    LOG.info("snapshot date {}", asOf);
    Dataset<Row> transactionsParsed = InputCleaning.withDuplicatesMarked(linesChecked);

    Dataset<Row> customersKept = Quarantine.kept(customersChecked);
    Dataset<Row> transactionsChecked = InputCleaning.withSnapshotChecks(transactionsParsed, asOf,
        customersKept.select(CustomerColumns.CUSTOMER_ID), config.unknownCustomers())
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> transactionsKept = Quarantine.kept(transactionsChecked);
    Dataset<Row> customersAll = config.unknownCustomers() == UnknownCustomerPolicy.CREATE_MINIMAL_CUSTOMER
        ? customersKept.unionByName(InputCleaning.minimalCustomers(transactionsKept, customersKept))
        : customersKept;

    InputCounts customerCounts = stages.run("quality: count customers", () -> Quarantine.counts(customersChecked));
    InputCounts transactionCounts = stages.run("quality: count transactions", () ->
        Quarantine.counts(transactionsChecked));
    LOG.info("customers: read {}, kept {}, duplicates {}, rejected {}", customerCounts.read(), customerCounts.kept(),
        customerCounts.duplicates(), customerCounts.rejectedByReason());
    LOG.info("transactions: read {}, kept {}, duplicates {}, rejected {}", transactionCounts.read(),
        transactionCounts.kept(), transactionCounts.duplicates(), transactionCounts.rejectedByReason());
    Map<String, Long> counts = new LinkedHashMap<>(RunMetrics.inputCounts(customerCounts, transactionCounts));
    stages.run("quality: customer checks", () -> {
      counts.put(CUSTOMERS_CREATED, customersAll == customersKept ? 0 : customersAll.count() - customerCounts.kept());
      counts.put(CUSTOMERS_NET_SPEND_NOT_POSITIVE,
          InputCleaning.customersWithNetSpendAtMostZero(transactionsKept).count());
    });
    List<RunResult.UnknownProvince> unknown = stages.run("quality: unknown provinces", () ->
        unknownProvinces(RegionAssigner.withRegion(customersAll, regions.lookupTable(spark))));

    try {
      QualityGate.check("customers", customerCounts, config.maxRejectRatio());
      QualityGate.check("transactions", transactionCounts, config.maxRejectRatio());
    } catch (QualityGate.QualityGateException e) {
      RunMetricsTable.append(spark, config.output().table(RunMetricsTable.RUN_METRICS), config.output().format(),
          run.metrics(config, asOf, RunMetrics.FAILED, counts, RunMetrics.rejects(customerCounts, transactionCounts),
              unknown, Map.of()));
      throw e;
    }

    // Personal data stops here: the rejects' original records and the cleaned customers are protected as configured
    // (segmentation.privacy), so no table under the output root holds raw names or phone numbers.
    Privacy.RecordKeys piiKeys = Privacy.recordKeys(config.privacy(), config.customers(), config.transactions());
    stages.run("write: rejects", () -> writes.replace(Privacy.withRecordProtected(
        Quarantine.rejected(customersChecked, "customers", asOf)
            .unionByName(Quarantine.rejected(transactionsChecked, "transactions", asOf)),
        RejectColumns.RECORD, piiKeys, config.privacy()),
        config.output().table(OutputTables.REJECTS), OutputTables.SNAPSHOT_PARTITION, asOf));
    stages.run("write: customers_clean", () -> writes.replace(
        Privacy.withPersonalDataProtected(SilverTables.customersClean(customersAll, asOf), config.privacy()),
        config.output().table(SilverTables.CUSTOMERS_CLEAN), SilverTables.CUSTOMERS_PARTITIONS, asOf));
    stages.run("write: transactions_clean", () -> writes.replace(
        SilverTables.transactionsClean(transactionsKept, asOf),
        config.output().table(SilverTables.TRANSACTIONS_CLEAN), SilverTables.TRANSACTIONS_PARTITIONS, asOf));
    transactionsChecked.unpersist();
    customersChecked.unpersist();
    return new Ingested(asOf, customerCounts, transactionCounts, counts, unknown);
  }

  /**
   * The segment step: customers_clean and transactions_clean of the snapshot → regions → RFM features and scores →
   * RFM segments, lifecycle stages, value tiers → customer value → k-means → customer_segments, segment_summary,
   * segment_migration, value_holdout, cluster_profiles and segment_crosstab.
   */
  static Segmented segment(SparkSession spark, JobConfig config, RegionMapping regions, Stages stages,
      LocalDate asOf, boolean reportUnknownProvinces, SnapshotWrites writes) {
    Dataset<Row> customers = SilverTables.readCustomers(spark,
        config.output().table(SilverTables.CUSTOMERS_CLEAN), asOf);
    Dataset<Row> transactions = SilverTables.readTransactions(spark,
        config.output().table(SilverTables.TRANSACTIONS_CLEAN), asOf);

    Dataset<Row> withRegion = RegionAssigner.withRegion(customers, regions.lookupTable(spark));
    boolean categoryMapped = config.transactions().column(TransactionColumns.CATEGORY) != null;
    Dataset<Row> perCustomer = config.rfm().incremental()
        ? incrementalRfm(spark, config, stages, transactions, asOf, categoryMapped, writes)
        : RfmFeatures.rfmPerCustomer(transactions, asOf, categoryMapped);
    Dataset<Row> features = stages.run("rfm: features", () -> RfmFeatures.withRfm(withRegion, perCustomer)
        .persist(StorageLevel.MEMORY_AND_DISK()));

    // The rule conditions were checked by run() before any step, on features of the same shape (checkRules).

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
            transactions, config.calibrationEnd().get(), asOf, categoryMapped, config)))
        : Optional.empty();
    List<String> segmentColumns = new ArrayList<>(OutputTables.CUSTOMER_SEGMENTS_COLUMNS);
    if (config.value().enabled()) {
      segmentColumns.addAll(ValueColumns.scoreColumns(config.value()));
    }
    Dataset<Row> segments = KMeansSegmenter.withCluster(value.customers().orElse(tiered), clusters.model())
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(asOf)))
        .select(segmentColumns.stream().map(c -> col(c)).toArray(Column[]::new))
        .transform(rows -> Privacy.withPersonalDataProtected(rows, config.privacy()));

    String summaryPath = config.output().table(OutputTables.SEGMENT_SUMMARY);
    // The previous snapshot is looked up before this run writes anything (reruns of a snapshot compare with the
    // one before it, not with themselves).
    Optional<LocalDate> previous = SnapshotHistory.previousSnapshot(spark, segmentsPath, asOf);
    stages.run("write: customer_segments", () ->
        writes.replace(segments, segmentsPath, OutputTables.CUSTOMER_SEGMENTS_PARTITIONS, asOf));
    // The summary and the migration are computed from what was written, so the tables always agree.
    Dataset<Row> written = SnapshotTables.readSnapshot(spark, segmentsPath, asOf);
    stages.run("write: segment_summary", () -> writes.replace(SegmentSummary.summarize(written),
        summaryPath, OutputTables.SNAPSHOT_PARTITION, asOf));
    previous.ifPresentOrElse(
        before -> stages.run("write: segment_migration", () -> writes.replace(SegmentMigration.between(
                SnapshotTables.readSnapshot(spark, segmentsPath, before), written, before, asOf,
                MIGRATION_DIMENSIONS),
            config.output().table(OutputTables.SEGMENT_MIGRATION), OutputTables.SNAPSHOT_PARTITION, asOf)),
        () -> LOG.info("no snapshot before {} in {}: no segment_migration this run", asOf, segmentsPath));
    holdout.ifPresent(table -> stages.run("write: value_holdout", () -> writes.replace(table,
        config.output().table(OutputTables.VALUE_HOLDOUT), OutputTables.SNAPSHOT_PARTITION, asOf)));
    stages.run("write: cluster_profiles", () -> writes.replace(ClusterProfiles.table(spark, asOf, clusters),
        config.output().table(ClusterColumns.CLUSTER_PROFILES), ClusterColumns.PARTITIONS, asOf));
    stages.run("write: segment_crosstab", () -> writes.replace(
        SegmentCrosstab.crosstab(written, config.kmeans().crosstabDimensions(), clusters.model().labels()),
        config.output().table(ClusterColumns.SEGMENT_CROSSTAB), ClusterColumns.PARTITIONS, asOf));

    List<RunResult.SegmentCount> segmentCounts = stages.run("report: summary", () -> segmentCounts(spark,
        summaryPath, asOf));
    List<RunResult.UnknownProvince> unknown = reportUnknownProvinces ? unknownProvinces(withRegion) : List.of();
    long segmentedCustomers = segmentCounts.stream().mapToLong(RunResult.SegmentCount::customers).sum();
    Map<String, Double> model = new LinkedHashMap<>(clusters.metrics());
    model.putAll(value.metrics());

    tiered.unpersist();
    features.unpersist();
    return new Segmented(segmentedCustomers, segmentCounts, unknown, clusters, model);
  }


  /**
   * Checks the rule conditions (lifecycle stages, value tiers) and the k-means features against the columns the
   * segment step will give them, before any input is read: an unknown column or a non-boolean condition fails the run
   * in milliseconds, naming the rule and its key, with nothing written. The columns come from empty customers and
   * transactions of the silver schemas through the same transforms as segment(); lifecycle rules see the RFM
   * segment, tier rules also the lifecycle stage.
   */
  static void checkRules(SparkSession spark, JobConfig config, RegionMapping regions) {
    Dataset<Row> customers = spark.createDataFrame(List.of(), CustomerColumns.SCHEMA);
    Dataset<Row> transactions = spark.createDataFrame(List.of(), TransactionColumns.SCHEMA);
    LocalDate anyDate = config.asOf().orElse(LocalDate.EPOCH);
    Dataset<Row> features = RfmFeatures.withRfm(
        RegionAssigner.withRegion(customers, regions.lookupTable(spark)),
        RfmFeatures.rfmPerCustomer(transactions, anyDate,
            config.transactions().column(TransactionColumns.CATEGORY) != null));
    Dataset<Row> noCuts = QuantileScores.cutPoints(features, config.rfm());
    Dataset<Row> segmentedShape = RfmSegments.withRfmSegment(
        QuantileScores.withScores(features, noCuts, config.rfm()), config.segments());
    withKey(JobConfig.LIFECYCLE, () -> LifecycleStage.validate(segmentedShape, config.lifecycle()));
    Dataset<Row> stagedShape = LifecycleStage.withLifecycleStage(segmentedShape, config.lifecycle());
    withKey(JobConfig.TIERS, () -> TierAssignment.validate(stagedShape, config.tiers()));
    if (config.kmeans().fitsNewModel()) {
      KMeansSegmenter.validateFeatures(TierAssignment.withValueTier(stagedShape, config.tiers()),
          config.kmeans().features());
    }
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
    String path = config.output().table(RfmAggregates.CUSTOMER_AGGREGATES);
    IncrementalRfm.State state = stages.run("rfm: aggregates", () ->
        IncrementalRfm.aggregates(spark, path, transactions, asOf));
    stages.run("write: customer_aggregates", () -> writes.replace(
        state.aggregates().withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(asOf))), path,
        OutputTables.SNAPSHOT_PARTITION, asOf));
    return RfmAggregates.rfmPerCustomer(DeltaTables.readSnapshot(spark, path, asOf),
        RfmAggregates.lastYear(transactions, asOf), asOf, categoryMapped);
  }

  /** The format of the table at {@code path}: the configured one, except for the {@link #WORKING_TABLES}. */
  static SnapshotTable tableFormat(JobConfig config, String path) {
    return WORKING_TABLES.stream().map(config.output()::table).anyMatch(path::equals) ? SnapshotTables.DELTA
        : SnapshotTables.of(config.output().format());
  }

  /** Every table the job writes under the output root, by name, for catalog registration. */
  static Map<String, String> catalogTables(JobConfig config) {
    Map<String, String> tables = new LinkedHashMap<>();
    SNAPSHOT_TABLES.forEach(name -> tables.put(name, config.output().table(name)));
    tables.put(RunMetricsTable.RUN_METRICS, config.output().table(RunMetricsTable.RUN_METRICS));
    return tables;
  }

  /** What the ingest step found; empty counts when the run only segments. */
  record Ingested(LocalDate asOf, InputCounts customers, InputCounts transactions, Map<String, Long> metricCounts,
      List<RunResult.UnknownProvince> unknownProvinces) {
    static Ingested notRun(LocalDate asOf) {
      InputCounts none = InputCounts.of(Map.of());
      return new Ingested(asOf, none, none, Map.of(), List.of());
    }
  }

  /** What the segment step did; {@code clusters} is null and {@code model} empty when the run only ingests. */
  record Segmented(long customers, List<RunResult.SegmentCount> counts,
      List<RunResult.UnknownProvince> unknownProvinces, ClusteringResult clusters, Map<String, Double> model) {
    static final Segmented NONE = new Segmented(0, List.of(), List.of(), null, Map.of());
  }

  /** Identity and timing of one run, for its run_metrics row. */
  record Run(String id, Instant startedAt, Stages stages) {
    RunMetrics metrics(JobConfig config, LocalDate asOf, String status, Map<String, Long> counts,
        Map<String, Long> rejects, List<RunResult.UnknownProvince> unknown, Map<String, Double> model) {
      Map<String, Double> seconds = new LinkedHashMap<>();
      stages.millis().forEach((stage, ms) -> seconds.put(stage, ms / 1000.0));
      Map<String, Long> provinces = new LinkedHashMap<>();
      unknown.forEach(u -> provinces.put(u.rawValue() == null ? NULL_PROVINCE : u.rawValue(), u.customers()));
      return new RunMetrics(id, asOf, config.step().configName(), startedAt, Instant.now(), BuildInfo.version(),
          config.configHash(), status, counts, rejects, provinces, seconds, model);
    }
  }

  /** The segment step without --as-of: the latest snapshot the ingest step wrote. */
  static LocalDate latestSnapshot(SparkSession spark, JobConfig config) {
    String path = config.output().table(SilverTables.CUSTOMERS_CLEAN);
    Row latest;
    try {
      latest = spark.read().format("delta").load(path).agg(max(col(OutputTables.SNAPSHOT_DATE))).first();
    } catch (Exception e) { // AnalysisException (path does not exist) is checked in Java but thrown undeclared
      throw new IllegalStateException("--step segment needs the silver tables of an ingest run, but " + path
          + " cannot be read: run --step ingest first (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    if (latest.isNullAt(0)) {
      throw new IllegalStateException("--step segment: " + path + " holds no snapshot; run --step ingest first");
    }
    return latest.getDate(0).toLocalDate();
  }

  private static List<RunResult.UnknownProvince> unknownProvinces(Dataset<Row> withRegion) {
    // Bounded: at most TOP_UNKNOWN_PROVINCES rows.
    return RegionAssigner.unknownProvinces(withRegion, TOP_UNKNOWN_PROVINCES).collectAsList().stream()
        .map(r -> new RunResult.UnknownProvince(r.getString(0), r.getLong(1)))
        .toList();
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
   * The holdout check of the purchase model: BG/NBD fitted on the transactions before {@code calibrationEnd}, its
   * predicted repeat purchases until the snapshot against the actual ones, per calibration frequency and in total.
   */
  private static Dataset<Row> holdoutCheck(Dataset<Row> transactions, LocalDate calibrationEnd, LocalDate asOf,
      boolean categoryMapped, JobConfig config) {
    config.checkCalibrationEndBefore(asOf);
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

  /**
   * The default snapshot: the day after the latest usable transaction, from lines of {@link InputCleaning#transactions}
   * or of {@link InputCleaning#checkedLines} (the same date: duplicates are copies of kept lines).
   */
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
    return SnapshotTables.exists(spark, path)
        ? Optional.of(SnapshotTables.readSnapshot(spark, path, snapshot)) : Optional.empty();
  }

  private static List<RunResult.SegmentCount> segmentCounts(SparkSession spark, String summaryPath, LocalDate asOf) {
    // Bounded: one row per region x tier x cluster.
    return SnapshotTables.readSnapshot(spark, summaryPath, asOf)
        .select(RegionColumns.REGION_CODE, RegionColumns.REGION_NAME, SegmentColumns.VALUE_TIER,
            SegmentColumns.VALUE_TIER_NAME, SegmentColumns.CLUSTER_ID, OutputTables.CUSTOMERS, OutputTables.REVENUE)
        .collectAsList().stream()
        .map(r -> new RunResult.SegmentCount(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
            r.getInt(4), r.getLong(5), r.isNullAt(6) ? BigDecimal.ZERO : r.getDecimal(6)))
        .toList();
  }

  private SegmentationPipeline() {}
}
