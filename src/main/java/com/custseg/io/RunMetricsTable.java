package com.custseg.io;

import com.custseg.quality.RunMetrics;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code run_metrics} Delta table: one row per run (failed runs included), appended, never rewritten, so it is
 * the history of what every run read, kept, rejected and how long it took.
 */
public final class RunMetricsTable {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetricsTable.class);

  public static final String RUN_METRICS = "run_metrics";

  public static final String RUN_ID = "run_id";
  public static final String SNAPSHOT_DATE = OutputTables.SNAPSHOT_DATE;
  public static final String STEP = "step";
  public static final String STARTED_AT = "started_at";
  public static final String FINISHED_AT = "finished_at";
  public static final String JOB_VERSION = "job_version";
  public static final String CONFIG_HASH = "config_hash";
  public static final String STATUS = "status";
  public static final String INPUT_COUNTS = "input_counts";
  public static final String REJECTS = "rejects";
  public static final String UNKNOWN_PROVINCES = "unknown_provinces";
  public static final String STAGE_SECONDS = "stage_seconds";
  public static final String MODEL = "model";

  public static final StructType SCHEMA = new StructType()
      .add(RUN_ID, DataTypes.StringType, false)
      .add(SNAPSHOT_DATE, DataTypes.DateType, true)
      .add(STEP, DataTypes.StringType, false)
      .add(STARTED_AT, DataTypes.TimestampType, false)
      .add(FINISHED_AT, DataTypes.TimestampType, false)
      .add(JOB_VERSION, DataTypes.StringType, false)
      .add(CONFIG_HASH, DataTypes.StringType, false)
      .add(STATUS, DataTypes.StringType, false)
      .add(INPUT_COUNTS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
      .add(REJECTS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
      .add(UNKNOWN_PROVINCES, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
      .add(STAGE_SECONDS, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false)
      .add(MODEL, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false);

  /** The run as a one-row table of {@link #SCHEMA}. */
  public static Dataset<Row> toRow(SparkSession spark, RunMetrics m) {
    Row row = RowFactory.create(m.runId(), m.snapshotDate() == null ? null : Date.valueOf(m.snapshotDate()),
        m.step(), Timestamp.from(m.startedAt()), Timestamp.from(m.finishedAt()), m.jobVersion(), m.configHash(),
        m.status(), scalaMap(m.inputCounts()), scalaMap(m.rejects()), scalaMap(m.unknownProvinces()),
        scalaMap(m.stageSeconds()), scalaMap(m.model()));
    return spark.createDataFrame(List.of(row), SCHEMA);
  }

  /** Appends the run's row (one Delta commit). */
  public static void append(SparkSession spark, String path, RunMetrics m) {
    LOG.info("recording run {} ({}, {}) in {}", m.runId(), m.step(), m.status(), path);
    toRow(spark, m).coalesce(1).write().format("delta").mode(SaveMode.Append).save(path);
  }

  private static <V> scala.collection.Map<String, V> scalaMap(java.util.Map<String, V> map) {
    return scala.jdk.javaapi.CollectionConverters.asScala(map);
  }

  private RunMetricsTable() {}
}
