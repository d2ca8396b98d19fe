package com.custseg.cluster;

import com.custseg.cluster.SegmentModel.ClusterLabel;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import com.custseg.io.SnapshotTable;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saved models, one per snapshot: the Spark pipeline under {@code <output>/models/kmeans/snapshot_date=YYYY-MM-DD/
 * run_id=<run>} (MLlib persistence; clipping bounds, scaler and centres inside) and its labels, feature expressions
 * and pipeline folder in the Delta table {@code <output>/models/kmeans_labels} ({@link OutputTables#KMEANS_LABELS},
 * one row per cluster, partitioned by snapshot_date).
 *
 * <p>Both are writes of the run ({@link SnapshotWrites}): the labels commit is what makes a model saved, and it is
 * undone with the run's other tables when the run fails ({@link SnapshotWrites#rollback}) or was interrupted
 * ({@link com.custseg.history.InterruptedRuns}). Each run saves its pipeline in a folder of its own, so a rerun of
 * a snapshot never overwrites the pipeline the committed labels point to: a failed run's folder is deleted, and a
 * succeeded run deletes the folders of the runs it replaced. Models saved before the folder was per run (no
 * pipeline folder in their labels) are read from {@code snapshot_date=YYYY-MM-DD} itself.
 */
public final class ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
  static final String MODELS = "models/kmeans";
  private static final String RUN_FOLDER_PREFIX = "run_id=";
  private static final String INDEX = "model_index";
  private static final String FEATURES = "features";
  /** The pipeline's folder, relative to the output root. */
  static final String PIPELINE_FOLDER = "pipeline_folder";
  private static final StructType LABELS = new StructType()
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType, false)
      .add(INDEX, DataTypes.IntegerType, false)
      .add("cluster_id", DataTypes.IntegerType, false)
      .add(ClusterColumns.CLUSTER_CODE, DataTypes.StringType, false)
      .add(ClusterColumns.CLUSTER_NAME, DataTypes.StringType, false)
      .add(FEATURES, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add(PIPELINE_FOLDER, DataTypes.StringType, false);

  public static String root(String outputPath) {
    return under(outputPath, MODELS);
  }

  /** Folder of the pipelines saved for {@code snapshot} (one per run; older models directly in it). */
  public static String directory(String outputPath, LocalDate snapshot) {
    return root(outputPath) + "/" + snapshotFolder(snapshot);
  }

  static String labelsPath(String outputPath) {
    return under(outputPath, OutputTables.KMEANS_LABELS.name());
  }

  /**
   * Saves {@code model} as the model of {@code snapshot}, as writes of the run {@code writes} belongs to: the
   * pipeline in the run's own folder, then the labels in one commit of the labels table.
   */
  public static void save(SparkSession spark, SegmentModel model, String outputPath, LocalDate snapshot,
      SnapshotWrites writes) {
    String relative = MODELS + "/" + snapshotFolder(snapshot) + "/" + RUN_FOLDER_PREFIX + writes.runId();
    String dir = under(outputPath, relative);
    LOG.info("saving k-means model (k={}) to {}", model.k(), dir);
    try {
      model.pipeline().write().overwrite().save(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the k-means model to " + dir, e);
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    writes.record(dir, new SnapshotTable.Replacement() {
      @Override
      public void undo() {
        delete(hadoop, new Path(dir));
      }

      @Override
      public void commit() {
        // This run's model is the snapshot's now: the pipelines of the runs it replaced go.
        Path snapshotDir = new Path(directory(outputPath, snapshot));
        try {
          FileSystem fs = snapshotDir.getFileSystem(hadoop);
          for (FileStatus child : fs.listStatus(snapshotDir)) {
            if (!child.getPath().getName().equals(RUN_FOLDER_PREFIX + writes.runId())) {
              fs.delete(child.getPath(), true);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot clean up " + snapshotDir, e);
        }
      }
    });
    List<Row> rows = model.labels().stream()
        .map(l -> RowFactory.create(Date.valueOf(snapshot), l.index(), l.clusterId(), l.code(), l.name(),
            scala.jdk.javaapi.CollectionConverters.asScala(model.features()).toSeq(), relative))
        .toList();
    writes.replace(spark.createDataFrame(rows, LABELS).coalesce(1), labelsPath(outputPath),
        OutputTables.KMEANS_LABELS.partitionColumns(), snapshot);
  }

  public static SegmentModel load(SparkSession spark, String outputPath, LocalDate snapshot) {
    if (!snapshots(spark, outputPath).contains(snapshot)) {
      throw new IllegalStateException("no saved k-means model for snapshot " + snapshot + " under "
          + root(outputPath));
    }
    // Bounded: one row per cluster.
    List<Row> rows = DeltaTables.readSnapshot(spark, labelsPath(outputPath), snapshot)
        .orderBy(INDEX).collectAsList();
    List<ClusterLabel> labels = rows.stream()
        .map(r -> new ClusterLabel(r.getAs(INDEX), r.getAs("cluster_id"), r.getAs(ClusterColumns.CLUSTER_CODE),
            r.getAs(ClusterColumns.CLUSTER_NAME)))
        .toList();
    Row first = rows.get(0);
    List<String> features = first.getList(first.fieldIndex(FEATURES));
    boolean perRun = java.util.Arrays.asList(first.schema().fieldNames()).contains(PIPELINE_FOLDER)
        && !first.isNullAt(first.fieldIndex(PIPELINE_FOLDER));
    String pipelineDir = perRun ? under(outputPath, first.getAs(PIPELINE_FOLDER)) : directory(outputPath, snapshot);
    return new SegmentModel(PipelineModel.load(pipelineDir), features, labels);
  }

  /** The latest snapshot with a saved model on or before {@code date} (strictly before when {@code strict}). */
  public static Optional<LocalDate> latest(SparkSession spark, String outputPath, LocalDate date, boolean strict) {
    return snapshots(spark, outputPath).stream()
        .filter(d -> strict ? d.isBefore(date) : !d.isAfter(date))
        .reduce((a, b) -> b);
  }

  /** Snapshots that have a saved model, oldest first. */
  public static TreeSet<LocalDate> snapshots(SparkSession spark, String outputPath) {
    TreeSet<LocalDate> result = new TreeSet<>();
    String labels = labelsPath(outputPath);
    if (!DeltaTable.isDeltaTable(spark, labels)) {
      return result;
    }
    // Bounded: one row per saved snapshot.
    for (Row r : spark.read().format("delta").load(labels).select(OutputTables.SNAPSHOT_DATE).distinct()
        .collectAsList()) {
      result.add(r.getDate(0).toLocalDate());
    }
    return result;
  }

  private static String snapshotFolder(LocalDate snapshot) {
    return OutputTables.SNAPSHOT_DATE + "=" + snapshot;
  }

  private static void delete(Configuration hadoop, Path dir) {
    try {
      dir.getFileSystem(hadoop).delete(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static String under(String outputPath, String relative) {
    return (outputPath.endsWith("/") ? outputPath : outputPath + "/") + relative;
  }

  private ModelStore() {}
}
