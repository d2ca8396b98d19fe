package com.custseg.io;

import com.custseg.config.OutputFormat;
import com.custseg.io.RunMetrics;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
 * The {@code run_metrics} table: one row per run (failed runs included), appended, never rewritten, so it is the
 * history of what every run read, kept, rejected and how long it took. Delta (one commit per row), or with
 * segmentation.output.format = parquet a plain Parquet folder of one file per run, so that an engine without Delta
 * reads it too: each row is written to {@code _staging/} and its file renamed into the folder (a file rename is
 * atomic on HDFS and local disks), so readers see a run's file whole or not at all. A table that exists keeps its
 * format.
 */
public final class RunMetricsTable {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetricsTable.class);

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
  /** Added after the first release: tables written before it gain the column on the next append. */
  public static final String ERROR = "error";

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
      .add(MODEL, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false)
      .add(ERROR, DataTypes.StringType, true);

  /** The run as a one-row table of {@link #SCHEMA}. */
  public static Dataset<Row> toRow(SparkSession spark, RunMetrics m) {
    Row row = RowFactory.create(m.runId(), m.snapshotDate() == null ? null : Date.valueOf(m.snapshotDate()),
        m.step(), Timestamp.from(m.startedAt()), Timestamp.from(m.finishedAt()), m.jobVersion(), m.configHash(),
        m.status(), scalaMap(m.inputCounts()), scalaMap(m.rejects()), scalaMap(m.unknownProvinces()),
        scalaMap(m.stageSeconds()), scalaMap(m.model()), m.error());
    return spark.createDataFrame(List.of(row), SCHEMA);
  }

  /** Appends the run's row to the table in its format; a new table is Delta. */
  public static void append(SparkSession spark, String path, RunMetrics m) {
    append(spark, path, OutputFormat.DELTA, m);
  }

  /** Appends the run's row to the table in its format; a new table is created in {@code newTableFormat}. */
  public static void append(SparkSession spark, String path, OutputFormat newTableFormat, RunMetrics m) {
    LOG.info("recording run {} ({}, {}) in {}", m.runId(), m.step(), m.status(), path);
    Dataset<Row> row = toRow(spark, m).coalesce(1);
    if (DeltaTable.isDeltaTable(spark, path) || (newTableFormat == OutputFormat.DELTA && !isParquet(spark, path))) {
      row.write().format("delta").mode(SaveMode.Append).option("mergeSchema", "true").save(path);
      return;
    }
    FileSystem fs = ParquetSnapshotTable.fileSystem(spark, path);
    Path staging = new Path(path, ParquetSnapshotTable.STAGING + "/" + m.runId() + "-" + UUID.randomUUID());
    try {
      row.write().parquet(staging.toString());
      FileStatus[] files = fs.globStatus(new Path(staging, "part-*.parquet"));
      if (files == null || files.length != 1) {
        throw new IOException("expected one data file in " + staging + ", found "
            + (files == null ? 0 : files.length));
      }
      Path target = new Path(path, "part-" + m.startedAt().toEpochMilli() + "-" + files[0].getPath().getName()
          .substring("part-".length()));
      if (!fs.rename(files[0].getPath(), target)) {
        throw new IOException("rename of " + files[0].getPath() + " to " + target + " returned false");
      }
      fs.delete(staging, true);
      Path stagingRoot = staging.getParent();
      if (fs.listStatus(stagingRoot).length == 0) {
        fs.delete(stagingRoot, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append run " + m.runId() + " to " + path, e);
    }
  }

  /** The table in either format, or empty when it does not exist yet. */
  public static Optional<Dataset<Row>> read(SparkSession spark, String path) {
    if (DeltaTable.isDeltaTable(spark, path)) {
      return Optional.of(spark.read().format("delta").load(path));
    }
    return isParquet(spark, path) ? Optional.of(spark.read().option("mergeSchema", "true").parquet(path))
        : Optional.empty();
  }

  /** A folder holding Parquet data files (a Parquet run_metrics). */
  private static boolean isParquet(SparkSession spark, String path) {
    try {
      FileStatus[] files = ParquetSnapshotTable.fileSystem(spark, path).globStatus(new Path(path, "part-*.parquet"));
      return files != null && files.length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  private static <V> scala.collection.Map<String, V> scalaMap(java.util.Map<String, V> map) {
    return scala.jdk.javaapi.CollectionConverters.asScala(map);
  }

  private RunMetricsTable() {}
}
