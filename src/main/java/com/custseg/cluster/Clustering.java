package com.custseg.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.cluster.ClusterNaming.ClusterMeans;
import com.custseg.cluster.ClusterNaming.ClusterName;
import com.custseg.cluster.ClusterQuality.ClusterStats;
import com.custseg.cluster.ClusteringResult.ClusterProfile;
import com.custseg.cluster.SegmentModel.ClusterLabel;
import com.custseg.config.KMeansConfig;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.CustomerColumns;
import com.custseg.segment.SegmentColumns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clustering step of a run: fit a new model (k fixed or chosen) or load a saved one, give the clusters stable
 * ids and names (matched to the previous snapshot's model when there is one), measure quality and stability, and
 * save the model under this snapshot.
 *
 * <p>Ids: a first model numbers its clusters 0.. by descending mean spend. A later fit matches its centres to the
 * previous model's (optimal assignment, {@link ClusterMatching}), compared in the previous model's standardised
 * units; a matched cluster keeps the previous cluster_id, code and name, an unmatched one gets the next unused id
 * and a fresh name. Models with different feature lists are not compared: all clusters are then new.
 */
public final class Clustering {
  private static final Logger LOG = LoggerFactory.getLogger(Clustering.class);

  /**
   * Runs the step for the customers of snapshot {@code asOf}.
   *
   * @param previousAssignments the customers (customer_id, cluster_id) of an earlier snapshot, or empty
   * @param writes the run's writes, which the saved model is one of ({@link ModelStore#save})
   */
  public static ClusteringResult run(SparkSession spark, Dataset<Row> customers, KMeansConfig config,
      String outputPath, LocalDate asOf, Function<LocalDate, Optional<Dataset<Row>>> previousAssignments,
      SnapshotWrites writes) {
    Optional<LocalDate> previousSnapshot = ModelStore.latest(spark, outputPath, asOf, true);
    Optional<SegmentModel> previous = previousSnapshot.map(d -> ModelStore.load(spark, outputPath, d));
    SegmentModel model;
    LocalDate modelSnapshot;
    List<KMeansSegmenter.Candidate> candidates = List.of();
    long sampleSize = 0;
    Dataset<Row> scored;
    List<ClusterStats> stats;
    Map<Integer, Double> driftByIndex = Map.of();
    if (config.fitsNewModel()) {
      KMeansSegmenter.Fit fit = KMeansSegmenter.fit(customers, config);
      candidates = fit.candidates();
      sampleSize = fit.sampleSize();
      modelSnapshot = asOf;
      scored = fit.pipeline().transform(customers.filter(col(com.custseg.features.RfmColumns.IS_BUYER)))
          .persist(StorageLevel.MEMORY_AND_DISK());
      double[][] centres = centres(fit.pipeline());
      stats = ClusterQuality.stats(scored, centres);
      int[] match = new int[centres.length];
      java.util.Arrays.fill(match, -1);
      if (previous.isPresent() && previous.get().features().equals(config.features())) {
        double[][] inPrevious = inScaleOf(centres, fit.pipeline(), previous.get());
        match = ClusterMatching.match(inPrevious, previous.get().centres());
        Map<Integer, Double> drift = new LinkedHashMap<>();
        for (int i = 0; i < match.length; i++) {
          if (match[i] >= 0) {
            drift.put(i, ClusterQuality.distance(inPrevious[i], previous.get().centres()[match[i]]));
          }
        }
        driftByIndex = drift;
      } else if (previous.isPresent()) {
        LOG.warn("k-means: the model of {} uses features {}, this run {}; clusters are not matched",
            previousSnapshot.get(), previous.get().features(), config.features());
      }
      model = new SegmentModel(fit.pipeline(), config.features(),
          labels(stats, centres.length, previous.map(SegmentModel::labels).orElse(List.of()), match));
      ModelStore.save(spark, model, outputPath, asOf, writes);
    } else {
      Optional<LocalDate> chosen = config.scoreWithSnapshot().isPresent()
          ? config.scoreWithSnapshot().filter(ModelStore.snapshots(spark, outputPath)::contains)
          : ModelStore.latest(spark, outputPath, asOf, false);
      modelSnapshot = chosen.orElseThrow(() -> new IllegalStateException(KMeansConfig.SCORE_WITH + " = "
          + config.scoreWith() + ": no saved k-means model " + (config.scoreWithSnapshot().isPresent()
          ? "for that snapshot" : "at or before " + asOf) + " under " + ModelStore.root(outputPath)));
      model = ModelStore.load(spark, outputPath, modelSnapshot);
      LOG.info("k-means: scoring with the model saved for {} (k={}), no refit", modelSnapshot, model.k());
      KMeansSegmenter.validateFeatures(customers, model.features());
      scored = KMeansSegmenter.scored(customers, model).persist(StorageLevel.MEMORY_AND_DISK());
      stats = ClusterQuality.stats(scored, model.centres());
      if (!modelSnapshot.equals(asOf)) {
        ModelStore.save(spark, model, outputPath, asOf, writes);
      }
    }
    try {
      double[][] centres = model.centres();
      Map<Integer, Double> silhouettes = ClusterQuality.silhouetteByCluster(scored, stats);
      double silhouette = ClusterQuality.overallSilhouette(stats, silhouettes);
      double daviesBouldin = ClusterQuality.daviesBouldin(stats, centres);
      double cost = ClusterQuality.cost(stats);
      long buyers = stats.stream().mapToLong(ClusterStats::customers).sum();
      List<ClusterProfile> profiles = profiles(model, stats, silhouettes, driftByIndex, buyers);

      OptionalLong compared = OptionalLong.empty();
      OptionalLong changed = OptionalLong.empty();
      Optional<Dataset<Row>> before = previousSnapshot.flatMap(previousAssignments);
      if (before.isPresent()) {
        long[] counts = changedCustomers(scored.withColumn(SegmentColumns.CLUSTER_ID, model.clusterId()),
            before.get());
        compared = OptionalLong.of(counts[0]);
        changed = OptionalLong.of(counts[1]);
      }
      OptionalDouble drift = driftByIndex.values().stream().mapToDouble(Double::doubleValue).average();
      ClusteringResult result = new ClusteringResult(model, modelSnapshot, config.fitsNewModel(), candidates,
          sampleSize, buyers, silhouette, cost, daviesBouldin, profiles, previousSnapshot, compared, changed, drift);
      LOG.info("k-means: k={} clusters={} metrics={}", model.k(), model.labels(), result.metrics());
      return result;
    } finally {
      scored.unpersist();
    }
  }

  /**
   * Customers clustered in both snapshots, and how many of them changed cluster_id: {compared, changed}.
   * Both inputs need customer_id and cluster_id; customers without a cluster (-1) are left out.
   */
  public static long[] changedCustomers(Dataset<Row> current, Dataset<Row> previous) {
    Dataset<Row> now = current.select(col(CustomerColumns.CUSTOMER_ID), col(SegmentColumns.CLUSTER_ID).as("now"))
        .where(col("now").geq(0));
    Dataset<Row> then = previous.select(col(CustomerColumns.CUSTOMER_ID),
        col(SegmentColumns.CLUSTER_ID).as("then")).where(col("then").geq(0));
    Row r = now.join(then, CustomerColumns.CUSTOMER_ID)
        .agg(count(lit(1)), sum(when(col("now").notEqual(col("then")), 1).otherwise(0)))
        .first();
    return new long[] {r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1)};
  }

  /**
   * Stable ids and names for the clusters of a new fit. {@code match[i]} is the previous k-means index matched to
   * new index i, or -1.
   */
  static List<ClusterLabel> labels(List<ClusterStats> stats, int k, List<ClusterLabel> previous, int[] match) {
    Map<Integer, ClusterStats> byIndex = new LinkedHashMap<>();
    stats.forEach(s -> byIndex.put(s.index(), s));
    Set<String> kept = new HashSet<>();
    for (int i = 0; i < k; i++) {
      if (match[i] >= 0) {
        kept.add(previous.get(match[i]).name());
      }
    }
    List<Integer> named = IntStream.range(0, k).filter(byIndex::containsKey).boxed().toList();
    List<ClusterName> fresh = ClusterNaming.names(named.stream().map(i -> means(byIndex.get(i))).toList(), kept);
    int nextId = previous.stream().mapToInt(ClusterLabel::clusterId).max().orElse(-1) + 1;
    List<Integer> bySpend = IntStream.range(0, k).boxed()
        .sorted(Comparator.comparing((Integer i) -> byIndex.containsKey(i)
            ? byIndex.get(i).avgMonetary() : BigDecimal.valueOf(Long.MIN_VALUE)).reversed()
            .thenComparing(i -> i))
        .toList();
    ClusterLabel[] labels = new ClusterLabel[k];
    for (int i : bySpend) {
      if (match[i] >= 0) {
        ClusterLabel p = previous.get(match[i]);
        labels[i] = new ClusterLabel(i, p.clusterId(), p.code(), p.name());
      } else if (byIndex.containsKey(i)) {
        ClusterName name = fresh.get(named.indexOf(i));
        labels[i] = new ClusterLabel(i, nextId++, name.code(), name.name());
      } else {
        labels[i] = new ClusterLabel(i, nextId, "empty_" + nextId, "空簇 " + nextId);
        nextId++;
      }
    }
    return List.of(labels);
  }

  /** Centres of {@code fitted} expressed in the standardised units of {@code previous} (same features). */
  static double[][] inScaleOf(double[][] centres, org.apache.spark.ml.PipelineModel fitted, SegmentModel previous) {
    org.apache.spark.ml.feature.StandardScalerModel now =
        (org.apache.spark.ml.feature.StandardScalerModel) fitted.stages()[fitted.stages().length - 2];
    double[] meanNow = now.mean().toArray();
    double[] stdNow = now.std().toArray();
    double[] meanThen = previous.scaler().mean().toArray();
    double[] stdThen = previous.scaler().std().toArray();
    double[][] result = new double[centres.length][];
    for (int c = 0; c < centres.length; c++) {
      result[c] = new double[centres[c].length];
      for (int i = 0; i < centres[c].length; i++) {
        double raw = stdNow[i] == 0 ? meanNow[i] : centres[c][i] * stdNow[i] + meanNow[i];
        result[c][i] = stdThen[i] == 0 ? 0 : (raw - meanThen[i]) / stdThen[i];
      }
    }
    return result;
  }

  private static List<ClusterProfile> profiles(SegmentModel model, List<ClusterStats> stats,
      Map<Integer, Double> silhouettes, Map<Integer, Double> driftByIndex, long buyers) {
    BigDecimal revenue = stats.stream().map(ClusterStats::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
    double[][] centres = model.centres();
    double[][] inFeatureUnits = model.centresInFeatureUnits();
    List<ClusterProfile> result = new ArrayList<>();
    for (ClusterLabel label : model.labels()) {
      ClusterStats s = stats.stream().filter(x -> x.index() == label.index()).findFirst().orElse(null);
      Map<String, Double> centre = new LinkedHashMap<>();
      Map<String, Double> original = new LinkedHashMap<>();
      for (int i = 0; i < model.features().size(); i++) {
        centre.put(model.features().get(i), centres[label.index()][i]);
        original.put(model.features().get(i), inFeatureUnits[label.index()][i]);
      }
      long n = s == null ? 0 : s.customers();
      BigDecimal clusterRevenue = s == null ? BigDecimal.ZERO.setScale(2) : s.revenue();
      result.add(new ClusterProfile(label.clusterId(), label.code(), label.name(), n,
          buyers == 0 ? 0 : (double) n / buyers, clusterRevenue,
          revenue.signum() > 0 ? clusterRevenue.divide(revenue, 12, RoundingMode.HALF_EVEN).doubleValue() : null,
          s == null ? null : s.avgRecencyDays(), s == null ? null : s.avgFrequency(),
          s == null ? null : s.avgMonetary(), centre, original, silhouettes.get(label.index()),
          driftByIndex.get(label.index())));
    }
    result.sort(Comparator.comparingInt(ClusterProfile::clusterId));
    return result;
  }

  private static ClusterMeans means(ClusterStats s) {
    return new ClusterMeans(s.avgRecencyDays() == null ? 0 : s.avgRecencyDays(), s.avgFrequency(),
        s.avgMonetary().doubleValue());
  }

  private static double[][] centres(org.apache.spark.ml.PipelineModel pipeline) {
    org.apache.spark.ml.clustering.KMeansModel kmeans =
        (org.apache.spark.ml.clustering.KMeansModel) pipeline.stages()[pipeline.stages().length - 1];
    return java.util.Arrays.stream(kmeans.clusterCenters()).map(v -> v.toArray()).toArray(double[][]::new);
  }

  private Clustering() {}
}
