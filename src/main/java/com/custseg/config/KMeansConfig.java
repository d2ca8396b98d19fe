package com.custseg.config;

/** K-means settings; the seed makes a run reproducible. */
public record KMeansConfig(int k, long seed, int maxIter, double tol) {
  public KMeansConfig {
    if (k < 2) {
      throw new ConfigException("segmentation.kmeans.k must be at least 2, got: " + k);
    }
    if (maxIter < 1) {
      throw new ConfigException("segmentation.kmeans.max-iter must be at least 1, got: " + maxIter);
    }
    if (!(tol >= 0)) {
      throw new ConfigException("segmentation.kmeans.tol must be non-negative, got: " + tol);
    }
  }
}
