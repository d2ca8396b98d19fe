package com.custseg.config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * K-means settings; the seed makes a run reproducible.
 *
 * @param k number of clusters, or {@link #AUTO} to choose it by silhouette over {@code kMin..kMax}
 * @param sampleSize bound on the buyers sampled (seeded, by hash of the customer id) to choose k
 * @param fitSampleSize bound on the buyers sampled the same way (a superset of the k sample) that the centres are
 *     fitted on, on the driver; every buyer is then assigned to its nearest centre
 * @param features Spark SQL expressions over the customer columns, one per model dimension
 * @param clipLower quantile below which a feature is raised to that quantile (0 = no lower clipping)
 * @param clipUpper quantile above which a feature is lowered to that quantile (1 = no upper clipping)
 * @param scoreWith "" to fit a new model, "latest" or a snapshot date YYYY-MM-DD to score with a saved model
 * @param crosstabDimensions customer columns crossed with cluster_id in segment_crosstab (absent ones are skipped)
 */
public record KMeansConfig(int k, int kMin, int kMax, int sampleSize, int fitSampleSize, List<String> features,
    double clipLower, double clipUpper, long seed, int maxIter, double tol, String scoreWith,
    List<String> crosstabDimensions) {
  /** {@link #k} value meaning: choose k by silhouette. */
  public static final int AUTO = 0;
  /** Upper bound on k: names stay readable and cluster matching stays exact (see ClusterMatching). */
  public static final int MAX_K = 16;
  public static final String LATEST = "latest";
  public static final List<String> DEFAULT_FEATURES =
      List.of("log1p(greatest(monetary, 0))", "log1p(frequency)", "recency_days");
  public static final List<String> DEFAULT_CROSSTAB_DIMENSIONS = List.of("value_tier", "rfm_segment");
  /** reference.conf's segmentation.kmeans.fit-sample-size. */
  public static final int DEFAULT_FIT_SAMPLE_SIZE = 200_000;
  /**
   * Largest fit-sample-size: the sample's points are held on the driver (a few doubles each, about 100 MB at this
   * bound with Commons Math's point objects).
   */
  public static final int MAX_FIT_SAMPLE_SIZE = 2_000_000;

  public KMeansConfig {
    features = List.copyOf(features);
    crosstabDimensions = List.copyOf(crosstabDimensions);
    if (k != AUTO) {
      checkK("segmentation.kmeans.k", k);
    }
    checkK("segmentation.kmeans.k-min", kMin);
    checkK("segmentation.kmeans.k-max", kMax);
    if (kMin > kMax) {
      throw new ConfigException("segmentation.kmeans.k-min must not exceed k-max, got: " + kMin + " > " + kMax);
    }
    if (sampleSize < 100) {
      throw new ConfigException("segmentation.kmeans.sample-size must be at least 100, got: " + sampleSize);
    }
    if (fitSampleSize < sampleSize) {
      throw new ConfigException("segmentation.kmeans.fit-sample-size must be at least sample-size (" + sampleSize
          + "), got: " + fitSampleSize);
    }
    if (fitSampleSize > MAX_FIT_SAMPLE_SIZE) {
      throw new ConfigException("segmentation.kmeans.fit-sample-size must be at most " + MAX_FIT_SAMPLE_SIZE
          + " (the sample is held on the driver), got: " + fitSampleSize);
    }
    if (features.isEmpty()) {
      throw new ConfigException("segmentation.kmeans.features must name at least one feature");
    }
    if (features.stream().anyMatch(String::isBlank)) {
      throw new ConfigException("segmentation.kmeans.features must not contain an empty expression");
    }
    if (features.stream().distinct().count() != features.size()) {
      throw new ConfigException("segmentation.kmeans.features lists a feature twice: " + features);
    }
    if (!(clipLower >= 0 && clipLower < 0.5)) {
      throw new ConfigException("segmentation.kmeans.clip-lower must be in [0, 0.5), got: " + clipLower);
    }
    if (!(clipUpper > 0.5 && clipUpper <= 1)) {
      throw new ConfigException("segmentation.kmeans.clip-upper must be in (0.5, 1], got: " + clipUpper);
    }
    if (maxIter < 1) {
      throw new ConfigException("segmentation.kmeans.max-iter must be at least 1, got: " + maxIter);
    }
    if (!(tol >= 0)) {
      throw new ConfigException("segmentation.kmeans.tol must be non-negative, got: " + tol);
    }
    scoreWith = scoreWith.trim();
    if (!scoreWith.isEmpty() && !scoreWith.equals(LATEST)) {
      try {
        LocalDate.parse(scoreWith);
      } catch (DateTimeParseException e) {
        throw new ConfigException("segmentation.kmeans.score-with must be empty, latest or a snapshot date "
            + "YYYY-MM-DD, got: " + scoreWith);
      }
    }
  }

  /** The default fit-sample-size (or sample-size when that is larger) with the other settings given. */
  public KMeansConfig(int k, int kMin, int kMax, int sampleSize, List<String> features, double clipLower,
      double clipUpper, long seed, int maxIter, double tol, String scoreWith, List<String> crosstabDimensions) {
    this(k, kMin, kMax, sampleSize, Math.max(sampleSize, DEFAULT_FIT_SAMPLE_SIZE), features, clipLower, clipUpper,
        seed, maxIter, tol, scoreWith, crosstabDimensions);
  }

  /** Fixed k with the default features, clipping and k range: the shape most tests need. */
  public KMeansConfig(int k, long seed, int maxIter, double tol) {
    this(k, 3, 10, 20_000, DEFAULT_FEATURES, 0.01, 0.99, seed, maxIter, tol, "", DEFAULT_CROSSTAB_DIMENSIONS);
  }

  public boolean autoK() {
    return k == AUTO;
  }

  /** True when this run fits a new model; false when it scores with a saved one. */
  public boolean fitsNewModel() {
    return scoreWith.isEmpty();
  }

  /** The snapshot whose saved model scores this run; empty for "latest" or a new fit. */
  public Optional<LocalDate> scoreWithSnapshot() {
    return fitsNewModel() || scoreWith.equals(LATEST) ? Optional.empty() : Optional.of(LocalDate.parse(scoreWith));
  }

  public KMeansConfig withK(int newK) {
    return new KMeansConfig(newK, kMin, kMax, sampleSize, fitSampleSize, features, clipLower, clipUpper, seed,
        maxIter, tol, scoreWith, crosstabDimensions);
  }

  public KMeansConfig withScoreWith(String newScoreWith) {
    return new KMeansConfig(k, kMin, kMax, sampleSize, fitSampleSize, features, clipLower, clipUpper, seed, maxIter,
        tol, newScoreWith, crosstabDimensions);
  }

  private static void checkK(String key, int value) {
    if (value < 2) {
      throw new ConfigException(key + " must be at least 2, got: " + value);
    }
    if (value > MAX_K) {
      throw new ConfigException(key + " must be at most " + MAX_K + ", got: " + value);
    }
  }
}
