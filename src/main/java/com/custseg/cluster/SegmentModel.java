package com.custseg.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.custseg.segment.SegmentColumns;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * A fitted segmentation model: the Spark pipeline (feature expressions with their clipping bounds → assembler →
 * scaler → k-means) and the labels that turn the k-means index into the stable cluster_id, code and name.
 *
 * @param features the feature expressions, in the order of the model's dimensions
 * @param labels one per k-means index, in index order
 */
public record SegmentModel(PipelineModel pipeline, List<String> features, List<ClusterLabel> labels) {

  /** What k-means index {@code index} means to analysts. */
  public record ClusterLabel(int index, int clusterId, String code, String name) {}

  public SegmentModel {
    features = List.copyOf(features);
    labels = List.copyOf(labels);
    int k = ((KMeansModel) pipeline.stages()[pipeline.stages().length - 1]).clusterCenters().length;
    if (labels.size() != k) {
      throw new IllegalArgumentException("model has " + k + " clusters but " + labels.size() + " labels");
    }
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).index() != i) {
        throw new IllegalArgumentException("labels must be in k-means index order, label " + i + " has index "
            + labels.get(i).index());
      }
    }
  }

  public int k() {
    return labels.size();
  }

  public KMeansModel kmeans() {
    return (KMeansModel) pipeline.stages()[pipeline.stages().length - 1];
  }

  public StandardScalerModel scaler() {
    return (StandardScalerModel) pipeline.stages()[pipeline.stages().length - 2];
  }

  /** Cluster centres in standardised units, by k-means index. */
  public double[][] centres() {
    return java.util.Arrays.stream(kmeans().clusterCenters()).map(v -> v.toArray()).toArray(double[][]::new);
  }

  /**
   * Cluster centres in feature units (the clipped feature values the scaler saw), by k-means index: the scaler's
   * standardisation undone, centre x std + mean. A feature with standard deviation 0 is scaled to 0 by Spark, so
   * its centre is the mean.
   */
  public double[][] centresInFeatureUnits() {
    double[] mean = scaler().mean().toArray();
    double[] std = scaler().std().toArray();
    double[][] scaled = centres();
    double[][] result = new double[scaled.length][];
    for (int c = 0; c < scaled.length; c++) {
      result[c] = new double[scaled[c].length];
      for (int i = 0; i < scaled[c].length; i++) {
        result[c][i] = std[i] == 0 ? mean[i] : scaled[c][i] * std[i] + mean[i];
      }
    }
    return result;
  }

  /** The stable cluster_id of the k-means index column. */
  public Column clusterId() {
    return lookup(labels.stream().map(l -> lit(l.clusterId())).toList()).cast(DataTypes.IntegerType);
  }

  /**
   * cluster_code for a cluster_id column: the label's code, {@link ClusterColumns#NO_CLUSTER_CODE} for customers
   * without purchases (cluster_id -1).
   */
  public static Column codeOf(List<ClusterLabel> labels, Column clusterId) {
    return byClusterId(labels, clusterId, labels.stream().map(ClusterLabel::code).toList(),
        ClusterColumns.NO_CLUSTER_CODE);
  }

  /** cluster_name for a cluster_id column: the label's name, {@link ClusterColumns#NO_CLUSTER_NAME} for -1. */
  public static Column nameOf(List<ClusterLabel> labels, Column clusterId) {
    return byClusterId(labels, clusterId, labels.stream().map(ClusterLabel::name).toList(),
        ClusterColumns.NO_CLUSTER_NAME);
  }

  private static Column byClusterId(List<ClusterLabel> labels, Column clusterId, List<String> values,
      String noCluster) {
    Column result = when(clusterId.equalTo(SegmentColumns.NO_CLUSTER), lit(noCluster));
    for (int i = 0; i < labels.size(); i++) {
      result = result.when(clusterId.equalTo(labels.get(i).clusterId()), lit(values.get(i)));
    }
    return result;
  }

  private Column lookup(List<Column> values) {
    Column index = col(ClusterColumns.MODEL_INDEX);
    Column result = null;
    for (int i = 0; i < values.size(); i++) {
      result = result == null ? when(index.equalTo(i), values.get(i)) : result.when(index.equalTo(i), values.get(i));
    }
    return result;
  }
}
