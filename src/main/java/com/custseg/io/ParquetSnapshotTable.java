package com.custseg.io;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain Parquet snapshot tables in the Hive-style layout {@code <table>/snapshot_date=YYYY-MM-DD/<col>=<v>/part-*}:
 * no log, so any Parquet reader sees exactly the live folders. A snapshot is replaced by swapping folders with
 * FileSystem renames:
 * <ol>
 *   <li>a marker {@code <table>/_staging/<runId>/_replacing_<date>} records whether the snapshot existed;</li>
 *   <li>the rows are written under {@code <table>/_staging/<runId>/data/snapshot_date=<date>/...};</li>
 *   <li>the live {@code <table>/snapshot_date=<date>} (if any) is renamed to {@code <table>/_trash/<runId>/};</li>
 *   <li>the staged folder is renamed into place;</li>
 *   <li>once the run recorded its success, {@code _staging/<runId>} and {@code _trash/<runId>} are deleted.</li>
 * </ol>
 * Folders starting with {@code _} are skipped by Spark's (and Hive's) partition discovery, so readers never see the
 * staged or trashed rows. Undoing (a failed run, or one whose driver died: see {@code InterruptedRuns}) needs only the
 * marker and the folders: the old rows are in the trash if step 3 ran, else still live; so it works from any step.
 *
 * <p>A folder rename is atomic on HDFS and on a local disk, so readers see the old snapshot or the new one, and
 * between steps 3 and 4 (two renames) none; on object stores (S3, GCS) a "rename" is a copy of every file, neither
 * atomic nor cheap: use Delta there.
 */
final class ParquetSnapshotTable implements SnapshotTable {
  private static final Logger LOG = LoggerFactory.getLogger(ParquetSnapshotTable.class);
  static final String STAGING = "_staging";
  static final String TRASH = "_trash";
  static final String DATA = "data";
  static final String MARKER_PREFIX = "_replacing_";
  private static final String HAD_SNAPSHOT = "had-snapshot=";
  private static final String SNAPSHOT_PREFIX = OutputTables.SNAPSHOT_DATE + "=";

  @Override
  public String format() {
    return "parquet";
  }

  /**
   * Exists when the folder holds a snapshot folder, or data files at its top (an unpartitioned table such as a
   * Parquet run_metrics); a table of only empty snapshots has neither.
   */
  @Override
  public boolean exists(SparkSession spark, String path) {
    return !snapshots(spark, path).isEmpty() || list(ParquetSnapshotTable.fileSystem(spark, path), new Path(path))
        .stream().anyMatch(s -> s.isFile() && s.getPath().getName().endsWith(".parquet")
            && !s.getPath().getName().startsWith("_") && !s.getPath().getName().startsWith("."));
  }

  /**
   * Reads with the partition columns typed as the job writes them (snapshot_date a date, the others strings:
   * Spark's type inference would turn a region code "01" into the integer 1), merging the schemas of all files (a
   * newer job version may add columns; older snapshots read them as null).
   */
  @Override
  public Dataset<Row> read(SparkSession spark, String path) {
    List<String> partitions = partitionColumns(spark, path);
    StructType inferred = spark.read().option("mergeSchema", "true").parquet(path).schema();
    StructType schema = new StructType(Arrays.stream(inferred.fields())
        .map(f -> !partitions.contains(f.name()) ? f
            : new StructField(f.name(), f.name().equals(OutputTables.SNAPSHOT_DATE) ? DataTypes.DateType
                : DataTypes.StringType, true, f.metadata()))
        .toArray(StructField[]::new));
    return spark.read().schema(schema).parquet(path);
  }

  @Override
  public List<LocalDate> snapshots(SparkSession spark, String path) {
    FileSystem fs = fileSystem(spark, path);
    List<LocalDate> dates = new ArrayList<>();
    for (FileStatus child : list(fs, new Path(path))) {
      snapshotOf(child).ifPresent(dates::add);
    }
    return dates;
  }

  @Override
  public List<String> partitionColumns(SparkSession spark, String path) {
    FileSystem fs = fileSystem(spark, path);
    List<String> columns = new ArrayList<>();
    Path dir = new Path(path);
    // Follows the first partition folder down: every leaf of a Hive-style layout has the same columns.
    while (true) {
      Optional<FileStatus> next = list(fs, dir).stream()
          .filter(s -> s.isDirectory() && isPartitionFolder(s.getPath().getName()))
          .findFirst();
      if (next.isEmpty()) {
        return columns;
      }
      String name = next.get().getPath().getName();
      columns.add(name.substring(0, name.indexOf('=')));
      dir = next.get().getPath();
    }
  }

  @Override
  public Replacement replaceSnapshot(SparkSession spark, Dataset<Row> rows, String path,
      List<String> partitionColumns, LocalDate snapshotDate, String runId) {
    if (partitionColumns.isEmpty() || !partitionColumns.get(0).equals(OutputTables.SNAPSHOT_DATE)) {
      throw new IllegalArgumentException("a snapshot table is partitioned by " + OutputTables.SNAPSHOT_DATE
          + " first, got: " + partitionColumns);
    }
    FileSystem fs = fileSystem(spark, path);
    Path table = new Path(path);
    if (exists(fs, new Path(table, "_delta_log"))) {
      throw new IllegalStateException(path + " is a Delta table but segmentation.output.format is parquet: write "
          + "the Parquet output to another segmentation.output.path, or set segmentation.output.format = delta");
    }
    Path live = new Path(table, SNAPSHOT_PREFIX + snapshotDate);
    Path staging = new Path(table, STAGING + "/" + runId);
    Path staged = new Path(new Path(staging, DATA), live.getName());
    Path trashed = new Path(new Path(table, TRASH + "/" + runId), live.getName());
    Path marker = new Path(staging, MARKER_PREFIX + snapshotDate);
    if (exists(fs, marker)) {
      // The marker must keep what the snapshot was before the run's first write of it.
      throw new IllegalStateException("run " + runId + " already replaced snapshot " + snapshotDate + " of " + path);
    }
    writeMarker(fs, marker, exists(fs, live));
    LOG.info("writing {} (snapshot {}, partitioned by {}) via {}", path, snapshotDate, partitionColumns, staging);
    try {
      // One shuffle by the partition values: one file per partition folder instead of one per task and folder.
      rows.repartition(partitionColumns.stream().map(c -> col(c)).toArray(Column[]::new))
          .write().mode(SaveMode.Overwrite)
          .partitionBy(partitionColumns.toArray(String[]::new))
          .parquet(new Path(staging, DATA).toString());
      List<LocalDate> others = list(fs, new Path(staging, DATA)).stream().flatMap(st -> snapshotOf(st).stream())
          .filter(d -> !d.equals(snapshotDate)).toList();
      if (!others.isEmpty()) {
        // As Delta's replaceWhere: rows of another snapshot would replace nothing and be lost with the staging folder.
        throw new IllegalArgumentException("rows written to snapshot " + snapshotDate + " of " + path
            + " hold other snapshot dates: " + others);
      }
      if (exists(fs, live)) {
        mkdirs(fs, trashed.getParent());
        rename(fs, live, trashed);
      }
      if (exists(fs, staged)) {
        rename(fs, staged, live);
      }
    } catch (RuntimeException e) {
      LOG.error("writing {} failed; putting snapshot {} back as it was", path, snapshotDate);
      undoRun(fs, table, runId);
      throw e;
    }
    return new Replacement() {
      @Override
      public void undo() {
        undoRun(fs, table, runId);
      }

      @Override
      public void commit() {
        cleanUp(fs, table, runId);
      }
    };
  }

  @Override
  public void deleteSnapshotsBefore(SparkSession spark, String path, LocalDate oldestKept, double vacuumHours) {
    FileSystem fs = fileSystem(spark, path);
    for (LocalDate date : snapshots(spark, path)) {
      if (date.isBefore(oldestKept)) {
        delete(fs, new Path(path, SNAPSHOT_PREFIX + date));
      }
    }
  }

  /** One pending write per marker of every run that left a staging folder (its replaced snapshots). */
  @Override
  public List<PendingWrite> pendingWrites(SparkSession spark, String path) {
    FileSystem fs = fileSystem(spark, path);
    List<PendingWrite> writes = new ArrayList<>();
    for (FileStatus run : list(fs, new Path(path, STAGING))) {
      for (FileStatus file : list(fs, run.getPath())) {
        String name = file.getPath().getName();
        if (name.startsWith(MARKER_PREFIX)) {
          writes.add(new PendingWrite(run.getPath().getName(),
              LocalDate.parse(name.substring(MARKER_PREFIX.length())),
              Instant.ofEpochMilli(file.getModificationTime()), -1));
        }
      }
    }
    writes.sort(Comparator.comparing(PendingWrite::timestamp));
    return writes;
  }

  @Override
  public long undo(SparkSession spark, String path, PendingWrite write) {
    LOG.warn("{}: run {} (snapshot {}) was interrupted before it finished; putting the previous snapshot back", path,
        write.runId(), write.snapshotDate());
    undoRun(fileSystem(spark, path), new Path(path), write.runId());
    return -1;
  }

  @Override
  public void settle(SparkSession spark, String path, PendingWrite write, boolean succeeded) {
    FileSystem fs = fileSystem(spark, path);
    if (succeeded) {
      LOG.info("{}: deleting what run {} left after it succeeded", path, write.runId());
      cleanUp(fs, new Path(path), write.runId());
    } else {
      LOG.warn("{}: run {} failed and left its writes behind; undoing them", path, write.runId());
      undoRun(fs, new Path(path), write.runId());
    }
  }

  /**
   * Puts back the snapshots run {@code runId} replaced, from any step of the swap: the old folder is in the trash
   * once it was moved there; otherwise it is still live, unless there was none (the marker says so), in which case
   * a live folder is the run's. Safe to repeat after a crash half-way.
   */
  private static void undoRun(FileSystem fs, Path table, String runId) {
    Path staging = new Path(table, STAGING + "/" + runId);
    Path trash = new Path(table, TRASH + "/" + runId);
    for (FileStatus file : list(fs, staging)) {
      String name = file.getPath().getName();
      if (!name.startsWith(MARKER_PREFIX)) {
        continue;
      }
      Path live = new Path(table, SNAPSHOT_PREFIX + name.substring(MARKER_PREFIX.length()));
      Path trashed = new Path(trash, live.getName());
      if (exists(fs, trashed)) {
        delete(fs, live);
        rename(fs, trashed, live);
      } else if (!readMarker(fs, file.getPath())) {
        delete(fs, live);
      }
    }
    // The markers go last: a crash before this point leaves them for the next recovery to repeat the undo.
    deleteIfEmpty(fs, trash);
    delete(fs, staging);
    deleteIfEmpty(fs, new Path(table, STAGING));
    deleteIfEmpty(fs, new Path(table, TRASH));
  }

  /** Drops the snapshots the run replaced, then its markers (last: until then the run is pending, see settle). */
  private static void cleanUp(FileSystem fs, Path table, String runId) {
    delete(fs, new Path(table, TRASH + "/" + runId));
    delete(fs, new Path(table, STAGING + "/" + runId));
    deleteIfEmpty(fs, new Path(table, STAGING));
    deleteIfEmpty(fs, new Path(table, TRASH));
  }

  private static boolean isPartitionFolder(String name) {
    return name.indexOf('=') > 0 && !name.startsWith("_") && !name.startsWith(".");
  }

  private static Optional<LocalDate> snapshotOf(FileStatus status) {
    String name = status.getPath().getName();
    if (!status.isDirectory() || !name.startsWith(SNAPSHOT_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(name.substring(SNAPSHOT_PREFIX.length())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static void writeMarker(FileSystem fs, Path marker, boolean hadSnapshot) {
    try (FSDataOutputStream out = fs.create(marker, true)) {
      out.write((HAD_SNAPSHOT + hadSnapshot + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker, e);
    }
  }

  /** Whether the snapshot existed before the run; an unreadable marker says yes (never delete a live folder). */
  private static boolean readMarker(FileSystem fs, Path marker) {
    try (var in = fs.open(marker)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return !text.equals(HAD_SNAPSHOT + "false");
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}", marker, e.getMessage());
      return true;
    }
  }

  static FileSystem fileSystem(SparkSession spark, String path) {
    try {
      return new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + path, e);
    }
  }

  private static List<FileStatus> list(FileSystem fs, Path dir) {
    try {
      return fs.exists(dir) ? Arrays.asList(fs.listStatus(dir)) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static boolean exists(FileSystem fs, Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + p, e);
    }
  }

  private static void mkdirs(FileSystem fs, Path dir) {
    try {
      if (!fs.mkdirs(dir)) {
        throw new IOException("mkdirs returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) {
    try {
      if (!fs.rename(from, to)) {
        throw new IOException("rename returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + from + " to " + to, e);
    }
  }

  private static void delete(FileSystem fs, Path p) {
    try {
      if (fs.exists(p) && !fs.delete(p, true)) {
        throw new IOException("delete returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }

  private static void deleteIfEmpty(FileSystem fs, Path dir) {
    if (exists(fs, dir) && list(fs, dir).isEmpty()) {
      delete(fs, dir);
    }
  }
}
