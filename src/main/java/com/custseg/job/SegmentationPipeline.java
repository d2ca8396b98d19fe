package com.custseg.job;

import com.custseg.config.JobConfig;
import com.custseg.history.InterruptedRuns;
import com.custseg.history.OutputLock;
import com.custseg.history.Retention;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetrics;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SilverTables;
import com.custseg.job.IngestStep.Ingested;
import com.custseg.job.SegmentStep.Segmented;
import com.custseg.quality.InputCounts;
import com.custseg.quality.QualityGate;
import com.custseg.region.RegionMapping;
import com.custseg.report.CatalogTables;
import com.custseg.report.HtmlReport;
import com.custseg.report.RunResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the job, as a transaction over the output root: check the rules → lock the output root
 * ({@link OutputLock}) → recover interrupted runs → ingest
 * ({@link IngestStep}) → segment ({@link SegmentStep}) → retention → record the run in run_metrics → commit →
 * catalog → HTML report. The tables a run writes are one unit: when the run fails after writing some of them, every table
 * written is rolled back, so a failed run leaves the output as it was (its run_metrics row, status failed, is the
 * only trace).
 */
public final class SegmentationPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationPipeline.class);
  /** run_metrics.input_counts key of the customers the segment step classified. */
  static final String CUSTOMERS_SEGMENTED = "customers_segmented";

  public static RunResult run(SparkSession spark, JobConfig config) {
    return run(spark, config, SnapshotWrites.Listener.NONE);
  }

  /** A run whose table writes are reported to {@code listener} (tests use it to fail a run half-way). */
  public static RunResult run(SparkSession spark, JobConfig config, SnapshotWrites.Listener listener) {
    Run run = new Run(UUID.randomUUID().toString(), Instant.now(), new Stages(spark.sparkContext()));
    RegionMapping regions = RegionMapping.load(config.regionMappingFile());
    if (config.step().segments()) {
      run.stages().run("config: check rules", () -> SegmentStep.checkRules(spark, config, regions));
    }
    try (OutputLock lock = OutputLock.acquire(spark.sparkContext().hadoopConfiguration(), config.output().path(),
        run.id(), run.startedAt(), Duration.ofMinutes(config.output().lockTimeoutMinutes()));
        RunSettings settings = RunSettings.apply(spark, config)) {
      return runHoldingTheLock(spark, config, regions, run, listener);
    }
  }

  /** The run once it holds the output root: nothing else writes there until it returns. */
  private static RunResult runHoldingTheLock(SparkSession spark, JobConfig config, RegionMapping regions, Run run,
      SnapshotWrites.Listener listener) {
    SnapshotWrites writes = new SnapshotWrites(spark, run.id(), listener, config.output());
    String runMetrics = OutputTables.RUN_METRICS.pathIn(config.output());
    run.stages().run("recover: interrupted runs", () -> InterruptedRuns.recover(spark,
        snapshotTablePaths(config), runMetrics, config.output().format()));

    Ingested ingested = null;
    Segmented segmented = Segmented.NONE;
    try {
      ingested = config.step().ingests() ? IngestStep.run(spark, config, regions, run, writes)
          : Ingested.notRun(config.asOf().orElseGet(() -> SilverTables.latestSnapshot(spark,
              OutputTables.CUSTOMERS_CLEAN.pathIn(config.output()))));
      if (config.step().segments()) {
        segmented = SegmentStep.run(spark, config, regions, run.stages(), ingested.asOf(),
            !config.step().ingests(), writes, ingested.keptTransactions(), ingested.keptInteractions(),
            ingested.keptFeedback());
      }
    } catch (QualityGate.QualityGateException e) {
      throw e; // nothing written; the ingest step recorded the failed run
    } catch (RuntimeException e) {
      if (!writes.paths().isEmpty()) {
        LOG.error("run failed; rolling back the tables written so far: {}", writes.paths());
        writes.rollback();
      }
      // Every run past the config checks is recorded, whatever step it failed in, with its error.
      RunMetricsTable.append(spark, runMetrics, config.output().format(), ingested != null
          ? run.failed(config, ingested.asOf(), ingested.metricCounts(),
              ingested.rejects(), ingested.unknownProvinces(), e)
          : run.failed(config, config.asOf().orElse(null), Map.of(), Map.of(), List.of(), e));
      throw e;
    } finally {
      if (ingested != null) {
        ingested.release();
      }
    }

    LocalDate asOf = ingested.asOf();
    run.stages().run("write: retention", () -> Retention.apply(spark, snapshotTablePaths(config),
        config.output().keepSnapshots(), config.output().vacuumRetentionHours()));
    List<RunResult.UnknownProvince> unknown = config.step().ingests() ? ingested.unknownProvinces()
        : segmented.unknownProvinces();
    Map<String, Long> counts = new LinkedHashMap<>(ingested.metricCounts());
    if (config.step().segments()) {
      counts.put(CUSTOMERS_SEGMENTED, segmented.customers());
    }
    RunMetrics metrics = run.metrics(config, asOf, RunMetrics.SUCCEEDED, counts,
        config.step().ingests() ? ingested.rejects() : Map.of(),
        unknown, segmented.model());
    RunMetricsTable.append(spark, runMetrics, config.output().format(), metrics);
    writes.commit();

    if (config.output().registersInCatalog()) {
      run.stages().run("write: catalog", () -> CatalogTables.register(spark, config.output().catalogDatabase(),
          config.output(), OutputTables.ALL));
    }
    Ingested counted = ingested;
    String reportPath = config.step().segments() ? run.stages().run("report: html", () -> HtmlReport.write(spark,
        config, asOf, counted.customers(), counted.transactions())) : null;
    return new RunResult(asOf, ingested.customers(), ingested.transactions(), segmented.customers(),
        segmented.counts(), unknown, run.stages().millis(), config.output().path(), metrics, segmented.clusters(),
        reportPath);
  }

  private static List<String> snapshotTablePaths(JobConfig config) {
    return OutputTables.snapshotTables().stream().map(t -> t.pathIn(config.output())).toList();
  }

  private SegmentationPipeline() {}
}
