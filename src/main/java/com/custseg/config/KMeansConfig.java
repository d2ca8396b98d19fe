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
  public static final String K = "segmentation.kmeans.k";
  public static final String K_MIN = "segmentation.kmeans.k-min";
  public static final String K_MAX = "segmentation.kmeans.k-max";
  public static final String SAMPLE_SIZE = "segmentation.kmeans.sample-size";
  public static final String FIT_SAMPLE_SIZE = "segmentation.kmeans.fit-sample-size";
  public static final String FEATURES = "segmentation.kmeans.features";
  public static final String CLIP_LOWER = "segmentation.kmeans.clip-lower";
  public static final String CLIP_UPPER = "segmentation.kmeans.clip-upper";
  public static final String SEED = "segmentation.kmeans.seed";
  public static final String MAX_ITER = "segmentation.kmeans.max-iter";
  public static final String TOL = "segmentation.kmeans.tol";
  public static final String SCORE_WITH = "segmentation.kmeans.score-with";
  public static final String CROSSTAB_DIMENSIONS = "segmentation.kmeans.crosstab-dimensions";

  /** {@link #k} value meaning: choose k by silhouette. */
  public static final int AUTO = 0;
  /** Upper bound on k: names stay readable and cluster matching stays exact (see ClusterMatching). */
  public static final int MAX_K = 16;
  public static final String LATEST = "latest";
  /**
   * Largest fit-sample-size: the sample's points are held on the driver (a few doubles each, about 100 MB at this
   * bound with Commons Math's point objects).
   */
  public static final int MAX_FIT_SAMPLE_SIZE = 2_000_000;

  public KMeansConfig {
    features = List.copyOf(features);
    crosstabDimensions = List.copyOf(crosstabDimensions);
    if (k != AUTO) {
      checkK(K, k);
    }
    checkK(K_MIN, kMin);
    checkK(K_MAX, kMax);
    if (kMin > kMax) {
      throw new ConfigException(K_MIN + " must not exceed k-max, got: " + kMin + " > " + kMax);
    }
    if (sampleSize < 100) {
      throw new ConfigException(SAMPLE_SIZE + " must be at least 100, got: " + sampleSize);
    }
    if (fitSampleSize < sampleSize) {
      throw new ConfigException(FIT_SAMPLE_SIZE + " must be at least sample-size (" + sampleSize
          + "), got: " + fitSampleSize);
    }
    if (fitSampleSize > MAX_FIT_SAMPLE_SIZE) {
      throw new ConfigException(FIT_SAMPLE_SIZE + " must be at most " + MAX_FIT_SAMPLE_SIZE
          + " (the sample is held on the driver), got: " + fitSampleSize);
    }
    if (features.isEmpty()) {
      throw new ConfigException(FEATURES + " must name at least one feature");
    }
    if (features.stream().anyMatch(String::isBlank)) {
      throw new ConfigException(FEATURES + " must not contain an empty expression");
    }
    if (features.stream().distinct().count() != features.size()) {
      throw new ConfigException(FEATURES + " lists a feature twice: " + features);
    }
    if (!(clipLower >= 0 && clipLower < 0.5)) {
      throw new ConfigException(CLIP_LOWER + " must be in [0, 0.5), got: " + clipLower);
    }
    if (!(clipUpper > 0.5 && clipUpper <= 1)) {
      throw new ConfigException(CLIP_UPPER + " must be in (0.5, 1], got: " + clipUpper);
    }
    if (maxIter < 1) {
      throw new ConfigException(MAX_ITER + " must be at least 1, got: " + maxIter);
    }
    if (!(tol >= 0)) {
      throw new ConfigException(TOL + " must be non-negative, got: " + tol);
    }
    scoreWith = scoreWith.trim();
    if (!scoreWith.isEmpty() && !scoreWith.equals(LATEST)) {
      try {
        LocalDate.parse(scoreWith);
      } catch (DateTimeParseException e) {
        throw new ConfigException(SCORE_WITH + " must be empty, latest or a snapshot date "
            + "YYYY-MM-DD, got: " + scoreWith);
      }
    }
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
