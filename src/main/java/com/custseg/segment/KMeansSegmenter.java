package com.custseg.segment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.KMeansConfig;
import com.custseg.features.RfmColumns;
import com.custseg.io.CustomerColumns;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * K-means over transformed RFM features of the buyers: log1p of net spend (negative spend counts as 0), log1p of
 * orders and recency in days, standardised to mean 0 and variance 1 so that no unit dominates, then
 * {@link KMeans} with the configured seed. Customers without purchases are not clustered and get
 * {@link SegmentColumns#NO_CLUSTER}.
 */
public final class KMeansSegmenter {
  static final String LOG_MONETARY = "km_log_monetary";
  static final String LOG_FREQUENCY = "km_log_frequency";
  static final String RECENCY = "km_recency_days";
  static final String[] FEATURES = {LOG_MONETARY, LOG_FREQUENCY, RECENCY};
  /** Fixed, so that the layout of the training data does not depend on the cluster. */
  static final int FIT_PARTITIONS = 8;
  private static final String ASSEMBLED = "km_features";
  private static final String SCALED = "km_scaled";

  public static Pipeline pipeline(KMeansConfig config) {
    VectorAssembler assembler = new VectorAssembler().setInputCols(FEATURES).setOutputCol(ASSEMBLED);
    StandardScaler scaler = new StandardScaler().setInputCol(assembler.getOutputCol()).setOutputCol(SCALED)
        .setWithMean(true).setWithStd(true);
    KMeans kmeans = new KMeans().setFeaturesCol(scaler.getOutputCol()).setPredictionCol(SegmentColumns.CLUSTER_ID)
        .setK(config.k()).setSeed(config.seed()).setMaxIter(config.maxIter()).setTol(config.tol())
        .setInitMode("k-means||");
    return new Pipeline().setStages(new PipelineStage[] {assembler, scaler, kmeans});
  }

  /**
   * Fits the pipeline on the buyers. K-means|| initialisation samples by partition and position, so the buyers are
   * first laid out in a fixed number of hash partitions sorted by customer id: the same input and seed then give
   * the same clusters on any cluster size and after lost executors (a partition-local sort, no global ordering).
   */
  public static PipelineModel fit(Dataset<Row> customers, KMeansConfig config) {
    Dataset<Row> buyers = buyersWithFeatures(customers)
        .repartition(FIT_PARTITIONS, col(CustomerColumns.CUSTOMER_ID))
        .sortWithinPartitions(CustomerColumns.CUSTOMER_ID);
    return pipeline(config).fit(buyers);
  }

  /** Adds cluster_id to every customer: the model's cluster for buyers, {@link SegmentColumns#NO_CLUSTER} else. */
  public static Dataset<Row> withCluster(Dataset<Row> customers, PipelineModel model) {
    Dataset<Row> prepared = withFeatures(customers);
    Dataset<Row> buyers = model.transform(prepared.filter(col(RfmColumns.IS_BUYER)))
        .withColumn(SegmentColumns.CLUSTER_ID, col(SegmentColumns.CLUSTER_ID).cast(DataTypes.IntegerType));
    Dataset<Row> others = prepared.filter(col(RfmColumns.IS_BUYER).equalTo(false))
        .withColumn(SegmentColumns.CLUSTER_ID, lit(SegmentColumns.NO_CLUSTER));
    return buyers.drop(ASSEMBLED, SCALED).unionByName(others)
        .drop(FEATURES);
  }

  static Dataset<Row> buyersWithFeatures(Dataset<Row> customers) {
    return withFeatures(customers).filter(col(RfmColumns.IS_BUYER));
  }

  private static Dataset<Row> withFeatures(Dataset<Row> customers) {
    return customers
        .withColumn(LOG_MONETARY, log1p(greatest(col(RfmColumns.MONETARY).cast(DataTypes.DoubleType), lit(0.0))))
        .withColumn(LOG_FREQUENCY, log1p(col(RfmColumns.FREQUENCY).cast(DataTypes.DoubleType)))
        .withColumn(RECENCY, when(col(RfmColumns.IS_BUYER), col(RfmColumns.RECENCY_DAYS).cast(DataTypes.DoubleType)));
  }

  private KMeansSegmenter() {}
}
