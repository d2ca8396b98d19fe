package com.custseg.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.custseg.config.JobConfig;
import com.custseg.config.UnknownCustomerPolicy;
import com.custseg.features.QuantileScores;
import com.custseg.features.RfmFeatures;
import com.custseg.io.CustomerColumns;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SilverTables;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.InputCounts;
import com.custseg.quality.QualityGate;
import com.custseg.quality.Quarantine;
import com.custseg.quality.RunMetrics;
import com.custseg.region.RegionAssigner;
import com.custseg.region.RegionColumns;
import com.custseg.region.RegionMapping;
import com.custseg.report.SegmentSummary;
import com.custseg.segment.KMeansSegmenter;
import com.custseg.segment.SegmentColumns;
import com.custseg.segment.TierAssignment;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.ml.PipelineModel;
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

  public static RunResult run(SparkSession spark, JobConfig config) {
    Run run = new Run(UUID.randomUUID().toString(), Instant.now(), new Stages(spark.sparkContext()));
    RegionMapping regions = RegionMapping.load(config.regionMappingFile());
    Ingested ingested = config.step().ingests() ? ingest(spark, config, regions, run)
        : Ingested.notRun(config.asOf().orElseGet(() -> latestSnapshot(spark, config)));
    LocalDate asOf = ingested.asOf();

    Segmented segmented = Segmented.NONE;
    if (config.step().segments()) {
      segmented = segment(spark, config, regions, run.stages(), asOf, !config.step().ingests());
    }
    List<RunResult.UnknownProvince> unknown = config.step().ingests() ? ingested.unknownProvinces()
        : segmented.unknownProvinces();

    Map<String, Long> counts = new LinkedHashMap<>(ingested.metricCounts());
    if (config.step().segments()) {
      counts.put(CUSTOMERS_SEGMENTED, segmented.customers());
    }
    RunMetrics metrics = run.metrics(config, asOf, RunMetrics.SUCCEEDED, counts,
        config.step().ingests() ? RunMetrics.rejects(ingested.customers(), ingested.transactions()) : Map.of(),
        unknown);
    RunMetricsTable.append(spark, config.output().table(RunMetricsTable.RUN_METRICS), metrics);
    return new RunResult(asOf, ingested.customers(), ingested.transactions(), segmented.customers(),
        segmented.counts(), unknown, run.stages().millis(), config.output().path(), metrics);
  }

  /**
   * The ingest step: read and clean both sources, pass the quality gate, then write rejects, customers_clean and
   * transactions_clean of the snapshot. Nothing but the run_metrics row of the failed run is written when the gate
   * fails.
   */
  static Ingested ingest(SparkSession spark, JobConfig config, RegionMapping regions, Run run) {
    Stages stages = run.stages();
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
      RunMetricsTable.append(spark, config.output().table(RunMetricsTable.RUN_METRICS), run.metrics(config, asOf,
          RunMetrics.FAILED, counts, RunMetrics.rejects(customerCounts, transactionCounts), unknown));
      throw e;
    }

    stages.run("write: rejects", () -> DeltaTables.replaceSnapshot(
        Quarantine.rejected(customersChecked, "customers", asOf)
            .unionByName(Quarantine.rejected(transactionsChecked, "transactions", asOf)),
        config.output().table(OutputTables.REJECTS), OutputTables.SNAPSHOT_PARTITION, asOf));
    stages.run("write: customers_clean", () -> DeltaTables.replaceSnapshot(
        SilverTables.customersClean(customersAll, asOf), config.output().table(SilverTables.CUSTOMERS_CLEAN),
        SilverTables.CUSTOMERS_PARTITIONS, asOf));
    stages.run("write: transactions_clean", () -> DeltaTables.replaceSnapshot(
        SilverTables.transactionsClean(transactionsKept, asOf),
        config.output().table(SilverTables.TRANSACTIONS_CLEAN), SilverTables.TRANSACTIONS_PARTITIONS, asOf));
    transactionsChecked.unpersist();
    customersChecked.unpersist();
    return new Ingested(asOf, customerCounts, transactionCounts, counts, unknown);
  }

  /**
   * The segment step: customers_clean and transactions_clean of the snapshot → regions → RFM → scores → tiers →
   * k-means → customer_segments and segment_summary.
   */
  static Segmented segment(SparkSession spark, JobConfig config, RegionMapping regions, Stages stages,
      LocalDate asOf, boolean reportUnknownProvinces) {
    Dataset<Row> customers = SilverTables.readCustomers(spark,
        config.output().table(SilverTables.CUSTOMERS_CLEAN), asOf);
    Dataset<Row> transactions = SilverTables.readTransactions(spark,
        config.output().table(SilverTables.TRANSACTIONS_CLEAN), asOf);

    Dataset<Row> withRegion = RegionAssigner.withRegion(customers, regions.lookupTable(spark));
    Dataset<Row> features = stages.run("rfm: features", () -> RfmFeatures.withRfm(withRegion,
        RfmFeatures.rfmPerCustomer(transactions, asOf))
        .persist(StorageLevel.MEMORY_AND_DISK()));

    // Rule conditions are checked against the final columns before the scoring and clustering jobs run.
    Dataset<Row> noCuts = QuantileScores.cutPoints(features.limit(0), config.rfm());
    TierAssignment.validate(QuantileScores.withScores(features, noCuts, config.rfm()), config.tiers());

    Dataset<Row> scored = stages.run("rfm: quantile scores", () ->
        QuantileScores.withScores(features, QuantileScores.cutPoints(features, config.rfm()), config.rfm()));
    Dataset<Row> tiered = TierAssignment.withValueTier(scored, config.tiers()).persist(StorageLevel.MEMORY_AND_DISK());

    PipelineModel model = stages.run("segment: k-means fit", () -> KMeansSegmenter.fit(tiered, config.kmeans()));
    Dataset<Row> segments = KMeansSegmenter.withCluster(tiered, model)
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(asOf)))
        .select(OutputTables.CUSTOMER_SEGMENTS_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));

    String segmentsPath = config.output().table(OutputTables.CUSTOMER_SEGMENTS);
    String summaryPath = config.output().table(OutputTables.SEGMENT_SUMMARY);
    stages.run("write: customer_segments", () ->
        DeltaTables.replaceSnapshot(segments, segmentsPath, OutputTables.CUSTOMER_SEGMENTS_PARTITIONS, asOf));
    // The summary is computed from what was written, so the two tables always agree.
    Dataset<Row> written = DeltaTables.readSnapshot(spark, segmentsPath, asOf);
    stages.run("write: segment_summary", () -> DeltaTables.replaceSnapshot(SegmentSummary.summarize(written),
        summaryPath, OutputTables.SNAPSHOT_PARTITION, asOf));

    List<RunResult.SegmentCount> segmentCounts = stages.run("report: summary", () -> segmentCounts(spark,
        summaryPath, asOf));
    List<RunResult.UnknownProvince> unknown = reportUnknownProvinces ? unknownProvinces(withRegion) : List.of();
    long segmentedCustomers = segmentCounts.stream().mapToLong(RunResult.SegmentCount::customers).sum();

    tiered.unpersist();
    features.unpersist();
    return new Segmented(segmentedCustomers, segmentCounts, unknown);
  }

  /** What the ingest step found; empty counts when the run only segments. */
  record Ingested(LocalDate asOf, InputCounts customers, InputCounts transactions, Map<String, Long> metricCounts,
      List<RunResult.UnknownProvince> unknownProvinces) {
    static Ingested notRun(LocalDate asOf) {
      InputCounts none = InputCounts.of(Map.of());
      return new Ingested(asOf, none, none, Map.of(), List.of());
    }
  }

  record Segmented(long customers, List<RunResult.SegmentCount> counts,
      List<RunResult.UnknownProvince> unknownProvinces) {
    static final Segmented NONE = new Segmented(0, List.of(), List.of());
  }

  /** Identity and timing of one run, for its run_metrics row. */
  record Run(String id, Instant startedAt, Stages stages) {
    RunMetrics metrics(JobConfig config, LocalDate asOf, String status, Map<String, Long> counts,
        Map<String, Long> rejects, List<RunResult.UnknownProvince> unknown) {
      Map<String, Double> seconds = new LinkedHashMap<>();
      stages.millis().forEach((stage, ms) -> seconds.put(stage, ms / 1000.0));
      Map<String, Long> provinces = new LinkedHashMap<>();
      unknown.forEach(u -> provinces.put(u.rawValue() == null ? NULL_PROVINCE : u.rawValue(), u.customers()));
      return new RunMetrics(id, asOf, config.step().configName(), startedAt, Instant.now(), BuildInfo.version(),
          config.configHash(), status, counts, rejects, provinces, seconds, Map.of());
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

  /** The default snapshot: the day after the latest usable transaction. */
  static LocalDate dayAfterLatestTransaction(Dataset<Row> transactions) {
    Row latest = Quarantine.kept(transactions).agg(max(col(TransactionColumns.ORDER_DATE))).first();
    if (latest.isNullAt(0)) {
      throw new IllegalStateException("no usable transaction in the input: cannot choose a snapshot date; "
          + "pass --as-of YYYY-MM-DD");
    }
    return latest.getDate(0).toLocalDate().plusDays(1);
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
