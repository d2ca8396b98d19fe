package com.custseg.cluster;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.custseg.config.ConfigException;
import com.custseg.config.KMeansConfig;
import com.custseg.features.RfmColumns;
import com.custseg.io.CustomerColumns;
import com.custseg.segment.SegmentColumns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * K-means over configurable features of the buyers. Each feature (a Spark SQL expression, by default log1p of net
 * spend with negative spend as 0, log1p of orders, recency in days) is clipped to configured approximate quantiles
 * of the buyers, so that a few extreme customers do not pull a centre, then standardised to mean 0 and variance 1
 * so that no unit dominates. k is fixed or chosen by silhouette on a bounded seeded sample, and the centres are
 * fitted on a larger bounded sample drawn by the same hash (all buyers when fewer), both on the driver with no Spark
 * job per k-means iteration; every buyer is then assigned to its nearest centre in one pass. Customers without
 * purchases are not clustered.
 *
 * <p>The clipping bounds are literals in the model's first stage (an SQLTransformer), so a saved model applies
 * exactly the transform it was fitted with.
 */
public final class KMeansSegmenter {
  private static final Logger LOG = LoggerFactory.getLogger(KMeansSegmenter.class);
  /** Fixed, so that the layout of the training data does not depend on the cluster. */
  static final int FIT_PARTITIONS = 8;
  /** percentile_approx accuracy of the clipping bounds: relative error 1e-4. */
  static final int CLIP_ACCURACY = 10_000;
  private static final long SAMPLE_BUCKETS = 1_000_000_000L;

  /** One candidate k evaluated on the sample. */
  public record Candidate(int k, double silhouette, double cost, double daviesBouldin) {}

  /**
   * A fitted pipeline and how k was chosen ({@code candidates} empty and {@code sampleSize} 0 for a fixed k);
   * {@code fitted} buyers of {@code buyers} were in the sample the centres were fitted on.
   */
  public record Fit(PipelineModel pipeline, List<Candidate> candidates, long sampleSize, long fitted, long buyers) {}

  /**
   * Checks the feature expressions against the customer columns without running a job: each must resolve, be
   * numeric and be deterministic. The error names the key and the expression.
   */
  public static void validateFeatures(Dataset<Row> customers, List<String> features) {
    for (int i = 0; i < features.size(); i++) {
      String feature = features.get(i);
      String key = KMeansConfig.FEATURES + "[" + i + "]";
      Expression resolved;
      try {
        resolved = customers.select(expr(feature)).queryExecution().analyzed().expressions().head();
      } catch (Exception e) { // AnalysisException is thrown undeclared by Scala code
        throw new ConfigException(key + ": \"" + feature + "\" does not resolve against the customer columns "
            + String.join(", ", customers.columns()) + ": " + firstLine(e.getMessage()), e);
      }
      if (!(resolved.dataType() instanceof NumericType)) {
        throw new ConfigException(key + ": \"" + feature + "\" must be numeric, but it is "
            + resolved.dataType().simpleString());
      }
      if (!resolved.deterministic()) {
        throw new ConfigException(key + ": \"" + feature + "\" is not deterministic; a rerun would cluster "
            + "differently");
      }
    }
  }

  /**
   * The buyers in a fixed number of hash partitions sorted by customer id: the approximate clipping quantiles and
   * the scaler's sums depend on the order they see the rows in, so the same input and seed then give the same
   * model on any cluster size and after lost executors (a partition-local sort, no global ordering).
   */
  static Dataset<Row> buyersInFixedLayout(Dataset<Row> customers) {
    return customers.filter(col(RfmColumns.IS_BUYER))
        .repartition(FIT_PARTITIONS, col(CustomerColumns.CUSTOMER_ID))
        .sortWithinPartitions(CustomerColumns.CUSTOMER_ID);
  }

  /**
   * The customer id, the buyer flag and the columns the feature expressions read: all the fit needs. The buyers are
   * shuffled into the fitting layout and persisted, so leaving the other columns of the segmented customers behind
   * keeps that shuffle and cache a few columns wide (at 10M customers, the full rows cost minutes).
   */
  static Dataset<Row> fitColumns(Dataset<Row> customers, List<String> features) {
    Set<String> names = new LinkedHashSet<>(List.of(CustomerColumns.CUSTOMER_ID, RfmColumns.IS_BUYER));
    for (String feature : features) {
      AttributeSet read = customers.select(expr(feature)).queryExecution().analyzed().references();
      CollectionConverters.asJava(read.toSeq()).forEach(attribute -> names.add(attribute.name()));
    }
    return customers.select(names.stream().map(name -> col("`" + name + "`")).toArray(Column[]::new));
  }

  /**
   * Fits the model on the buyers of {@code customers}, choosing k first when it is auto. Three Spark jobs over the
   * buyers' fit columns (shuffled once into the fixed layout and cached): the clipping bounds, the scaler's mean and
   * variance over all buyers, and the collect of the seeded fit sample; k is chosen and the centres fitted on the
   * driver ({@link DriverKMeans}).
   */
  public static Fit fit(Dataset<Row> customers, KMeansConfig config) {
    validateFeatures(customers, config.features());
    Dataset<Row> buyers = buyersInFixedLayout(fitColumns(customers, config.features()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return fitInLayout(buyers, config);
    } finally {
      buyers.unpersist();
    }
  }

  private static Fit fitInLayout(Dataset<Row> buyers, KMeansConfig config) {
    Bounds bounds = bounds(buyers, config);
    SQLTransformer features = featureStage(config.features(), bounds);
    PipelineModel preprocessing = new Pipeline().setStages(preprocessing(features, config.features().size()))
        .fit(buyers);
    Sample sample = collectSample(preprocessing, buyers, config, bounds.buyers());
    int k = config.k();
    List<Candidate> candidates = List.of();
    long sampleSize = 0;
    if (config.autoK()) {
      double[][] kSample = sample.below(threshold(config.sampleSize(), bounds.buyers()));
      sampleSize = kSample.length;
      candidates = candidates(kSample, config);
      k = choose(candidates, config);
      LOG.info("k-means: chose k={} by silhouette on {} sampled buyers: {}", k, sampleSize, candidates);
    }
    if (sample.points().length < k) {
      throw new TooFewBuyersException("k-means needs at least k=" + k + " buyers, got " + sample.points().length);
    }
    DriverKMeans.Result result = DriverKMeans.fit(sample.points(), k, config.seed(), config.maxIter());
    LOG.info("k-means: k={} fitted on {} of {} buyers (cost {})", k, sample.points().length, bounds.buyers(),
        result.cost());
    PipelineStage[] stages = append(preprocessing.stages(), kmeansModel(result.centres(), config));
    PipelineModel model = new Pipeline().setStages(stages).fit(buyers); // transformers only: no job
    return new Fit(model, candidates, sampleSize, sample.points().length, bounds.buyers());
  }

  /**
   * The standardised feature vectors of the fit sample, sorted by customer id (so that the driver-side fit sees
   * the same points in the same order on any cluster layout), with each one's sample bucket.
   */
  record Sample(double[][] points, long[] buckets) {
    /** The points whose bucket is below {@code threshold}: a smaller sample drawn by the same hash. */
    double[][] below(long threshold) {
      List<double[]> kept = new ArrayList<>();
      for (int i = 0; i < points.length; i++) {
        if (buckets[i] < threshold) {
          kept.add(points[i]);
        }
      }
      return kept.toArray(double[][]::new);
    }
  }

  static Sample collectSample(PipelineModel preprocessing, Dataset<Row> buyers, KMeansConfig config,
      long buyerCount) {
    String bucket = "_km_bucket";
    Dataset<Row> sampled = buyers.withColumn(bucket, sampleBucket(config.seed()))
        .filter(col(bucket).lt(threshold(config.fitSampleSize(), buyerCount)));
    // Bounded: about fit-sample-size rows of a few doubles (at most KMeansConfig.MAX_FIT_SAMPLE_SIZE).
    List<Row> rows = preprocessing.transform(sampled)
        .select(col(CustomerColumns.CUSTOMER_ID), col(bucket),
            org.apache.spark.ml.functions.vector_to_array(col(ClusterColumns.SCALED), "float64"))
        .collectAsList();
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(java.util.Comparator.comparing((Row r) -> r.getString(0)));
    double[][] points = new double[sorted.size()][];
    long[] buckets = new long[sorted.size()];
    for (int i = 0; i < points.length; i++) {
      Row r = sorted.get(i);
      buckets[i] = r.getLong(1);
      List<Double> x = r.getList(2);
      points[i] = x.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return new Sample(points, buckets);
  }

  /**
   * Adds cluster_id, cluster_code and cluster_name to every customer: the model's stable cluster id and its label
   * for buyers, {@link SegmentColumns#NO_CLUSTER} and the no-purchase code and name for the others. The model's
   * working columns are dropped.
   */
  public static Dataset<Row> withCluster(Dataset<Row> customers, SegmentModel model) {
    Dataset<Row> buyers = scored(customers, model)
        .withColumn(SegmentColumns.CLUSTER_ID, model.clusterId());
    Dataset<Row> others = customers.filter(col(RfmColumns.IS_BUYER).equalTo(false))
        .withColumn(SegmentColumns.CLUSTER_ID, lit(SegmentColumns.NO_CLUSTER));
    Column clusterId = col(SegmentColumns.CLUSTER_ID);
    return dropWorkingColumns(buyers, model.features().size()).unionByName(others)
        .withColumn(ClusterColumns.CLUSTER_CODE, SegmentModel.codeOf(model.labels(), clusterId))
        .withColumn(ClusterColumns.CLUSTER_NAME, SegmentModel.nameOf(model.labels(), clusterId));
  }

  /**
   * Every customer in cluster {@link SegmentColumns#NO_CLUSTER}: for a snapshot without a model (too few buyers).
   * Buyers are marked {@link ClusterColumns#NOT_CLUSTERED_CODE}, customers without purchases as always.
   */
  public static Dataset<Row> withoutClusters(Dataset<Row> customers) {
    Column buyer = col(RfmColumns.IS_BUYER);
    return customers
        .withColumn(SegmentColumns.CLUSTER_ID, lit(SegmentColumns.NO_CLUSTER))
        .withColumn(ClusterColumns.CLUSTER_CODE, when(buyer, lit(ClusterColumns.NOT_CLUSTERED_CODE))
            .otherwise(lit(ClusterColumns.NO_CLUSTER_CODE)))
        .withColumn(ClusterColumns.CLUSTER_NAME, when(buyer, lit(ClusterColumns.NOT_CLUSTERED_NAME))
            .otherwise(lit(ClusterColumns.NO_CLUSTER_NAME)));
  }

  /** The buyers with the model's working columns (features, scaled vector, k-means index). */
  static Dataset<Row> scored(Dataset<Row> customers, SegmentModel model) {
    return model.pipeline().transform(customers.filter(col(RfmColumns.IS_BUYER)));
  }

  static Dataset<Row> dropWorkingColumns(Dataset<Row> scored, int features) {
    List<String> working = new ArrayList<>(List.of(ClusterColumns.ASSEMBLED, ClusterColumns.SCALED,
        ClusterColumns.MODEL_INDEX));
    IntStream.range(0, features).forEach(i -> working.add(featureColumn(i)));
    return scored.drop(working.toArray(String[]::new));
  }

  static String featureColumn(int i) {
    return ClusterColumns.FEATURE_PREFIX + i;
  }

  /** Buyer count and per-feature clipping bounds; one aggregation job. Fails on a feature that is null. */
  record Bounds(long buyers, double[] lower, double[] upper) {}

  static Bounds bounds(Dataset<Row> buyers, KMeansConfig config) {
    List<String> features = config.features();
    boolean clip = config.clipLower() > 0 || config.clipUpper() < 1;
    List<Column> aggs = new ArrayList<>();
    for (String feature : features) {
      Column value = expr(feature).cast(DataTypes.DoubleType);
      aggs.add(count(value));
      if (clip) {
        aggs.add(percentile_approx(value, array(lit(config.clipLower()), lit(config.clipUpper())),
            lit(CLIP_ACCURACY)));
      }
    }
    Row r = buyers.agg(count(lit(1)), aggs.toArray(Column[]::new)).first();
    long n = r.getLong(0);
    if (n < 2) {
      throw new TooFewBuyersException("k-means needs at least 2 buyers, got " + n);
    }
    double[] lower = new double[features.size()];
    double[] upper = new double[features.size()];
    int at = 1;
    for (int i = 0; i < features.size(); i++) {
      long nonNull = r.getLong(at++);
      if (nonNull < n) {
        throw new ConfigException(KMeansConfig.FEATURES + "[" + i + "]: \"" + features.get(i) + "\" is null "
            + "for " + (n - nonNull) + " of " + n + " buyers; every feature must have a value for every buyer "
            + "(e.g. wrap it in coalesce(..., 0))");
      }
      if (clip) {
        List<Double> q = r.getList(at++);
        lower[i] = config.clipLower() > 0 ? q.get(0) : Double.NEGATIVE_INFINITY;
        upper[i] = config.clipUpper() < 1 ? q.get(1) : Double.POSITIVE_INFINITY;
      } else {
        lower[i] = Double.NEGATIVE_INFINITY;
        upper[i] = Double.POSITIVE_INFINITY;
      }
    }
    LOG.info("k-means: {} buyers; clipping bounds {} .. {}", n, java.util.Arrays.toString(lower),
        java.util.Arrays.toString(upper));
    return new Bounds(n, lower, upper);
  }

  /** The feature expressions as double columns km_f0.., clipped to the bounds (literals: saved with the model). */
  static SQLTransformer featureStage(List<String> features, Bounds bounds) {
    StringBuilder sql = new StringBuilder("SELECT *");
    for (int i = 0; i < features.size(); i++) {
      String value = "CAST((" + features.get(i) + ") AS DOUBLE)";
      if (bounds.lower()[i] != Double.NEGATIVE_INFINITY) {
        value = "greatest(" + value + ", " + doubleLiteral(bounds.lower()[i]) + ")";
      }
      if (bounds.upper()[i] != Double.POSITIVE_INFINITY) {
        value = "least(" + value + ", " + doubleLiteral(bounds.upper()[i]) + ")";
      }
      sql.append(", ").append(value).append(" AS ").append(featureColumn(i));
    }
    return new SQLTransformer().setStatement(sql.append(" FROM __THIS__").toString());
  }

  /**
   * A seeded sample of about {@code size} buyers: a buyer is in when a hash of the seed and its customer id falls
   * below the wanted fraction, so the sample does not depend on partitioning or on the order of the rows.
   */
  static Dataset<Row> sample(Dataset<Row> buyers, int size, long buyerCount, long seed) {
    return buyers.filter(sampleBucket(seed).lt(threshold(size, buyerCount)));
  }

  /** A buyer's bucket in 0..{@value #SAMPLE_BUCKETS}-1, from a hash of the seed and its customer id. */
  private static Column sampleBucket(long seed) {
    return pmod(xxhash64(lit(seed), col(CustomerColumns.CUSTOMER_ID)), lit(SAMPLE_BUCKETS));
  }

  /** Buckets below this make a sample of about {@code size} of {@code buyerCount} buyers (all when fewer). */
  private static long threshold(int size, long buyerCount) {
    return buyerCount <= size ? SAMPLE_BUCKETS : (long) Math.ceil((double) size / buyerCount * SAMPLE_BUCKETS);
  }

  /**
   * Fits and scores every candidate k on the sample, on the driver. The fits are independent and seeded, so they
   * run in parallel and the result does not depend on the order they finish in.
   */
  static List<Candidate> candidates(double[][] sample, KMeansConfig config) {
    return IntStream.rangeClosed(config.kMin(), config.kMax()).parallel()
        .mapToObj(k -> candidate(sample, config, k)).flatMap(Optional::stream).toList();
  }

  private static Optional<Candidate> candidate(double[][] sample, KMeansConfig config, int k) {
    if (sample.length < k) {
      LOG.info("k-means: k={} exceeds the {} sampled buyers; skipped", k, sample.length);
      return Optional.empty();
    }
    DriverKMeans.Result fit = DriverKMeans.fit(sample, k, config.seed(), config.maxIter());
    if (fit.nonEmpty() < 2) {
      LOG.info("k-means: k={} left fewer than 2 non-empty clusters on the sample; skipped", k);
      return Optional.empty();
    }
    return Optional.of(new Candidate(k, DriverKMeans.silhouette(sample, fit.assignment(), k), fit.cost(),
        DriverKMeans.daviesBouldin(sample, fit.assignment(), fit.centres())));
  }

  /** The candidate with the highest silhouette; ties go to the smaller k. */
  static int choose(List<Candidate> candidates, KMeansConfig config) {
    Candidate best = null;
    for (Candidate c : candidates) {
      if (best == null || c.silhouette() > best.silhouette()) {
        best = c;
      }
    }
    if (best == null) {
      throw new TooFewBuyersException("k-means: no k in " + config.kMin() + ".." + config.kMax()
          + " gives two or more non-empty clusters; the buyers are too few or identical");
    }
    return best.k();
  }

  private static PipelineStage[] preprocessing(SQLTransformer features, int count) {
    String[] columns = IntStream.range(0, count).mapToObj(KMeansSegmenter::featureColumn)
        .toArray(String[]::new);
    VectorAssembler assembler = new VectorAssembler().setInputCols(columns).setOutputCol(ClusterColumns.ASSEMBLED);
    StandardScaler scaler = new StandardScaler().setInputCol(assembler.getOutputCol())
        .setOutputCol(ClusterColumns.SCALED).setWithMean(true).setWithStd(true);
    return new PipelineStage[] {features, assembler, scaler};
  }

  /**
   * An MLlib KMeansModel with the given centres: the model stage of the pipeline, saved and loaded like one fitted
   * by MLlib, that assigns each buyer to its nearest centre (ties to the lower index) in one pass. The ml model's
   * constructor is Spark-internal (private[ml] in Scala, public in the bytecode); its params are set through
   * copy.
   */
  static KMeansModel kmeansModel(double[][] centres, KMeansConfig config) {
    Vector[] vectors = java.util.Arrays.stream(centres).map(Vectors::dense).toArray(Vector[]::new);
    KMeansModel model = new KMeansModel(Identifiable.randomUID("kmeans"),
        new org.apache.spark.mllib.clustering.KMeansModel(
            java.util.Arrays.stream(vectors).map(org.apache.spark.mllib.linalg.Vectors::fromML)
                .toArray(org.apache.spark.mllib.linalg.Vector[]::new)));
    ParamMap params = new ParamMap()
        .put(model.k().w(centres.length))
        .put(model.seed().w(config.seed()))
        .put(model.maxIter().w(config.maxIter()))
        .put(model.tol().w(config.tol()))
        .put(model.initMode().w("k-means||"));
    return model.copy(params).setFeaturesCol(ClusterColumns.SCALED).setPredictionCol(ClusterColumns.MODEL_INDEX);
  }

  private static PipelineStage[] append(PipelineStage[] stages, PipelineStage last) {
    PipelineStage[] result = java.util.Arrays.copyOf(stages, stages.length + 1);
    result[stages.length] = last;
    return result;
  }

  private static String doubleLiteral(double value) {
    return "CAST('" + Double.toString(value) + "' AS DOUBLE)";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private KMeansSegmenter() {}
}
