package com.custseg.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * K-means on a bounded set of points held on the driver: Commons Math's {@link KMeansPlusPlusClusterer} (k-means++
 * seeding, Lloyd iterations until no point changes cluster or {@code maxIter}), run {@link #TRIALS} times from one
 * seeded generator, keeping the trial with the least cost. No Spark job runs: a fit of 200,000 points takes a
 * second where MLlib runs a Spark job per iteration.
 *
 * <p>The measures are those of {@link ClusterQuality}, on the points: silhouette as Spark's ClusteringEvaluator
 * defines it (squared Euclidean distance; the mean distance from a point to a cluster from the cluster's size,
 * vector sum and sum of squared norms; a singleton scores 0), training cost and Davies–Bouldin.
 */
final class DriverKMeans {
  /** Seeded restarts per fit; the least-cost one is kept (k-means++ alone can stop in a poorer local optimum). */
  static final int TRIALS = 3;

  /**
   * A fitted clustering of the points.
   *
   * @param centres one row per model index
   * @param assignment the model index of each point
   * @param cost sum of squared distances of the points to their centres
   */
  record Result(double[][] centres, int[] assignment, double cost) {
    int nonEmpty() {
      return (int) Arrays.stream(sizes(assignment, centres.length)).filter(n -> n > 0).count();
    }
  }

  /** One point and its position in the input, so that a cluster's members map back to the input order. */
  private record Indexed(double[] point, int index) implements Clusterable {
    @Override
    public double[] getPoint() {
      return point;
    }
  }

  /**
   * Fits k centres to {@code points} (rows of equal length; at least k of them). The same points in the same order
   * and the same seed give the same result.
   */
  static Result fit(double[][] points, int k, long seed, int maxIter) {
    if (points.length < k) {
      throw new IllegalArgumentException("k-means: " + points.length + " points cannot form " + k + " clusters");
    }
    List<Indexed> indexed = new ArrayList<>(points.length);
    for (int i = 0; i < points.length; i++) {
      indexed.add(new Indexed(points[i], i));
    }
    RandomGenerator random = new Well19937c(seed);
    KMeansPlusPlusClusterer<Indexed> clusterer = new KMeansPlusPlusClusterer<>(k, maxIter, new EuclideanDistance(),
        random, KMeansPlusPlusClusterer.EmptyClusterStrategy.LARGEST_VARIANCE);
    Result best = null;
    for (int trial = 0; trial < TRIALS; trial++) {
      List<CentroidCluster<Indexed>> clusters;
      try {
        clusters = clusterer.cluster(indexed);
      } catch (MathIllegalStateException | MathIllegalArgumentException e) {
        continue; // e.g. no cluster left to take a point from for an empty one: identical points
      }
      Result result = result(clusters, points, k);
      if (best == null || result.cost() < best.cost()) {
        best = result;
      }
    }
    if (best == null) {
      throw new IllegalStateException("k-means: no trial of k=" + k + " on " + points.length + " points converged");
    }
    return best;
  }

  private static Result result(List<CentroidCluster<Indexed>> clusters, double[][] points, int k) {
    double[][] centres = new double[k][];
    int[] assignment = new int[points.length];
    for (int c = 0; c < k; c++) {
      centres[c] = clusters.get(c).getCenter().getPoint().clone();
      for (Indexed p : clusters.get(c).getPoints()) {
        assignment[p.index()] = c;
      }
    }
    double cost = 0;
    for (int i = 0; i < points.length; i++) {
      cost += squaredDistance(points[i], centres[assignment[i]]);
    }
    return new Result(centres, assignment, cost);
  }

  /** Mean silhouette over the points; NaN with fewer than two non-empty clusters. */
  static double silhouette(double[][] points, int[] assignment, int k) {
    int dim = points.length == 0 ? 0 : points[0].length;
    long[] size = sizes(assignment, k);
    double[][] sum = new double[k][dim];
    double[] squaredNormSum = new double[k];
    for (int i = 0; i < points.length; i++) {
      int c = assignment[i];
      for (int d = 0; d < dim; d++) {
        sum[c][d] += points[i][d];
      }
      squaredNormSum[c] += dot(points[i], points[i]);
    }
    if (Arrays.stream(size).filter(n -> n > 0).count() < 2) {
      return Double.NaN;
    }
    double total = 0;
    for (int i = 0; i < points.length; i++) {
      int own = assignment[i];
      double squaredNorm = dot(points[i], points[i]);
      double a = 0;
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (size[c] == 0) {
          continue;
        }
        double n = size[c];
        double meanDistance = squaredNorm + squaredNormSum[c] / n - 2 * dot(points[i], sum[c]) / n;
        if (c == own) {
          a = n > 1 ? meanDistance * n / (n - 1) : 0;
        } else {
          b = Math.min(b, meanDistance);
        }
      }
      if (size[own] > 1) {
        total += a < b ? 1 - a / b : a > b ? b / a - 1 : 0;
      }
    }
    return total / points.length;
  }

  /** Davies–Bouldin index of the non-empty clusters; NaN with fewer than two. */
  static double daviesBouldin(double[][] points, int[] assignment, double[][] centres) {
    int k = centres.length;
    long[] size = sizes(assignment, k);
    double[] distanceSum = new double[k];
    for (int i = 0; i < points.length; i++) {
      distanceSum[assignment[i]] += Math.sqrt(squaredDistance(points[i], centres[assignment[i]]));
    }
    List<Integer> present = new ArrayList<>();
    double[] meanDistance = new double[k];
    for (int c = 0; c < k; c++) {
      if (size[c] > 0) {
        present.add(c);
        meanDistance[c] = distanceSum[c] / size[c];
      }
    }
    return ClusterQuality.daviesBouldin(present, meanDistance, centres);
  }

  private static long[] sizes(int[] assignment, int k) {
    long[] size = new long[k];
    for (int c : assignment) {
      size[c]++;
    }
    return size;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  private DriverKMeans() {}
}
