package com.custseg.bench;

import static org.apache.spark.sql.functions.col;

import com.custseg.cluster.ClusterMatching;
import com.custseg.cluster.ModelStore;
import com.custseg.cluster.SegmentModel;
import com.custseg.config.KMeansConfig;
import com.custseg.io.CustomerColumns;
import com.custseg.io.SnapshotTables;
import com.custseg.segment.SegmentColumns;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * How the job's clusters (centres fitted on a bounded sample on the driver) compare with the full fit the job used
 * to make: MLlib KMeans (k-means||, the same k, seed, max-iter and tol) on every buyer, in 8 hash partitions sorted
 * by customer id, over the same clipped and standardised features (the saved model's first stages). The full fit's
 * clusters are matched one to one to the job's by the least total centre distance ({@link ClusterMatching}); the
 * agreement is the share of buyers whose job cluster is the match of their full-fit cluster. Both silhouettes are
 * Spark's ClusteringEvaluator over all buyers.
 */
final class ClusterAgreement {
  /** @param fullFitSeconds time of the full MLlib fit alone (what the job's k-means fit used to cost) */
  record Result(int k, long buyers, double agreement, double jobSilhouette, double fullSilhouette,
      double fullFitSeconds) {}

  static Result run(SparkSession spark, String output, LocalDate snapshot, KMeansConfig config) {
    SegmentModel saved = ModelStore.load(spark, output, snapshot);
    Transformer[] stages = saved.pipeline().stages();
    PipelineModel preprocessing = new PipelineModel("bench-preprocessing",
        Arrays.copyOf(stages, stages.length - 1));
    KMeansModel job = (KMeansModel) stages[stages.length - 1];
    Dataset<Row> buyers = SnapshotTables.readSnapshot(spark, Path.of(output).resolve("customer_segments").toString(),
        snapshot).where(col(SegmentColumns.CLUSTER_ID).geq(0))
        .repartition(8, col(CustomerColumns.CUSTOMER_ID)).sortWithinPartitions(CustomerColumns.CUSTOMER_ID);
    String features = job.getFeaturesCol();
    Dataset<Row> scaled = preprocessing.transform(buyers)
        .select(col(CustomerColumns.CUSTOMER_ID), col(features))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = scaled.count();
      long start = System.nanoTime();
      KMeansModel full = new KMeans().setFeaturesCol(features).setPredictionCol("_full")
          .setK(saved.k()).setSeed(config.seed()).setMaxIter(config.maxIter()).setTol(config.tol())
          .setInitMode("k-means||").fit(scaled);
      double fullFitSeconds = (System.nanoTime() - start) / 1e9;
      Dataset<Row> both = full.transform(job.copy(new org.apache.spark.ml.param.ParamMap())
          .setPredictionCol("_job").transform(scaled)).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        int[] match = ClusterMatching.match(centres(job), centres(full));
        long agreeing = 0;
        for (Row r : both.groupBy("_job", "_full").count().collectAsList()) { // bounded: k × k rows
          if (match[r.getInt(0)] == r.getInt(1)) {
            agreeing += r.getLong(2);
          }
        }
        double jobSilhouette = new ClusteringEvaluator().setFeaturesCol(features)
            .setPredictionCol("_job").evaluate(both);
        double fullSilhouette = new ClusteringEvaluator().setFeaturesCol(features)
            .setPredictionCol("_full").evaluate(both);
        return new Result(saved.k(), n, (double) agreeing / n, jobSilhouette, fullSilhouette, fullFitSeconds);
      } finally {
        both.unpersist();
      }
    } finally {
      scaled.unpersist();
    }
  }

  private static double[][] centres(KMeansModel model) {
    return Arrays.stream(model.clusterCenters()).map(v -> v.toArray()).toArray(double[][]::new);
  }

  private ClusterAgreement() {}
}
