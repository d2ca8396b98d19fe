package com.custseg.cluster;

import com.custseg.cluster.SegmentModel.ClusterLabel;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saved models, one per snapshot: the Spark pipeline under {@code <output>/models/kmeans/snapshot_date=YYYY-MM-DD}
 * (MLlib persistence; clipping bounds, scaler and centres inside) and its labels and feature expressions in the
 * Delta table {@code <output>/models/kmeans_labels} (one row per cluster, partitioned by snapshot_date). The labels
 * are written after the pipeline, in one atomic commit, so a snapshot counts as saved only once both are complete.
 */
public final class ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
  static final String MODELS = "models/kmeans";
  static final String LABELS_TABLE = "models/kmeans_labels";
  private static final String INDEX = "model_index";
  private static final String FEATURES = "features";
  private static final StructType LABELS = new StructType()
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType, false)
      .add(INDEX, DataTypes.IntegerType, false)
      .add("cluster_id", DataTypes.IntegerType, false)
      .add(ClusterColumns.CLUSTER_CODE, DataTypes.StringType, false)
      .add(ClusterColumns.CLUSTER_NAME, DataTypes.StringType, false)
      .add(FEATURES, DataTypes.createArrayType(DataTypes.StringType, false), false);

  public static String root(String outputPath) {
    return under(outputPath, MODELS);
  }

  /** Folder of the pipeline saved for {@code snapshot}. */
  public static String directory(String outputPath, LocalDate snapshot) {
    return root(outputPath) + "/" + OutputTables.SNAPSHOT_DATE + "=" + snapshot;
  }

  public static void save(SparkSession spark, SegmentModel model, String outputPath, LocalDate snapshot) {
    String dir = directory(outputPath, snapshot);
    LOG.info("saving k-means model (k={}) to {}", model.k(), dir);
    try {
      model.pipeline().write().overwrite().save(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the k-means model to " + dir, e);
    }
    List<Row> rows = model.labels().stream()
        .map(l -> RowFactory.create(Date.valueOf(snapshot), l.index(), l.clusterId(), l.code(), l.name(),
            scala.jdk.javaapi.CollectionConverters.asScala(model.features()).toSeq()))
        .toList();
    DeltaTables.replaceSnapshot(spark.createDataFrame(rows, LABELS).coalesce(1), under(outputPath, LABELS_TABLE),
        List.of(OutputTables.SNAPSHOT_DATE), snapshot);
  }

  public static SegmentModel load(SparkSession spark, String outputPath, LocalDate snapshot) {
    if (!snapshots(spark, outputPath).contains(snapshot)) {
      throw new IllegalStateException("no saved k-means model for snapshot " + snapshot + " under "
          + root(outputPath));
    }
    PipelineModel pipeline = PipelineModel.load(directory(outputPath, snapshot));
    // Bounded: one row per cluster.
    List<Row> rows = DeltaTables.readSnapshot(spark, under(outputPath, LABELS_TABLE), snapshot)
        .orderBy(INDEX).collectAsList();
    List<ClusterLabel> labels = rows.stream()
        .map(r -> new ClusterLabel(r.getAs(INDEX), r.getAs("cluster_id"), r.getAs(ClusterColumns.CLUSTER_CODE),
            r.getAs(ClusterColumns.CLUSTER_NAME)))
        .toList();
    List<String> features = rows.get(0).getList(rows.get(0).fieldIndex(FEATURES));
    return new SegmentModel(pipeline, features, labels);
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
    String labels = under(outputPath, LABELS_TABLE);
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

  private static String under(String outputPath, String relative) {
    return (outputPath.endsWith("/") ? outputPath : outputPath + "/") + relative;
  }

  private ModelStore() {}
}
