package com.custseg.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.custseg.config.JobConfig;
import com.custseg.features.QuantileScores;
import com.custseg.features.RfmFeatures;
import com.custseg.io.CustomerColumns;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.privacy.Privacy;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.InputCounts;
import com.custseg.quality.QualityGate;
import com.custseg.quality.Quarantine;
import com.custseg.quality.RejectColumns;
import com.custseg.region.RegionAssigner;
import com.custseg.region.RegionColumns;
import com.custseg.region.RegionMapping;
import com.custseg.report.HtmlReport;
import com.custseg.report.SegmentSummary;
import com.custseg.segment.KMeansSegmenter;
import com.custseg.segment.SegmentColumns;
import com.custseg.segment.TierAssignment;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the job as named steps: read and validate → quality gate → regions → RFM → scores → tiers → k-means →
 * write → summarise. The steps themselves live in their packages; this class only wires them and names them.
 */
public final class SegmentationPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationPipeline.class);
  private static final int TOP_UNKNOWN_PROVINCES = 20;

  public static RunResult run(SparkSession spark, JobConfig config) {
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
    Dataset<Row> features = stages.run("rfm: features", () -> RfmFeatures.withRfm(withRegion,
        RfmFeatures.rfmPerCustomer(Quarantine.kept(transactionsChecked), asOf))
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
        .select(OutputTables.CUSTOMER_SEGMENTS_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new))
        .transform(rows -> Privacy.withPersonalDataProtected(rows, config.privacy()));

    String segmentsPath = config.output().table(OutputTables.CUSTOMER_SEGMENTS);
    String summaryPath = config.output().table(OutputTables.SEGMENT_SUMMARY);
    Privacy.RecordKeys piiKeys = Privacy.recordKeys(config.privacy(), config.customers(), config.transactions());
    stages.run("write: rejects", () -> DeltaTables.replaceSnapshot(Privacy.withRecordProtected(
        Quarantine.rejected(customersChecked, "customers", asOf)
            .unionByName(Quarantine.rejected(transactionsChecked, "transactions", asOf)),
        RejectColumns.RECORD, piiKeys, config.privacy()),
        config.output().table(OutputTables.REJECTS), OutputTables.SNAPSHOT_PARTITION, asOf));
    stages.run("write: customer_segments", () ->
        DeltaTables.replaceSnapshot(segments, segmentsPath, OutputTables.CUSTOMER_SEGMENTS_PARTITIONS, asOf));
    // The summary is computed from what was written, so the two tables always agree.
    Dataset<Row> written = DeltaTables.readSnapshot(spark, segmentsPath, asOf);
    stages.run("write: segment_summary", () -> DeltaTables.replaceSnapshot(SegmentSummary.summarize(written),
        summaryPath, OutputTables.SNAPSHOT_PARTITION, asOf));

    List<RunResult.SegmentCount> segmentCounts = stages.run("report: summary", () -> segmentCounts(spark,
        summaryPath, asOf));
    List<RunResult.UnknownProvince> unknown = RegionAssigner.unknownProvinces(withRegion, TOP_UNKNOWN_PROVINCES)
        .collectAsList().stream()
        .map(r -> new RunResult.UnknownProvince(r.getString(0), r.getLong(1)))
        .toList();
    long segmented = segmentCounts.stream().mapToLong(RunResult.SegmentCount::customers).sum();
    String reportPath = stages.run("report: html", () -> HtmlReport.write(spark, config, asOf, customerCounts,
        transactionCounts));

    tiered.unpersist();
    features.unpersist();
    transactionsChecked.unpersist();
    customersChecked.unpersist();
    return new RunResult(asOf, customerCounts, transactionCounts, segmented, segmentCounts, unknown,
        stages.millis(), config.output().path(), reportPath);
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
