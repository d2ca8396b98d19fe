package com.custseg.cluster;

import java.util.Arrays;

/**
 * Optimal one-to-one matching of new cluster centres to previous ones: as many pairs as the smaller side has
 * clusters, with the least total Euclidean distance. Exact, by dynamic programming over the subsets of previous
 * clusters already taken (the Hungarian algorithm's answer; no assignment library is on the job's classpath):
 * at most k_new × 2^k_prev × k_prev steps, about 16 million for the largest k allowed (16), milliseconds for k ≤ 10.
 * Ties are broken towards the lower previous index, so the result is deterministic.
 */
public final class ClusterMatching {

  /** The previous index matched to each new index, -1 when a new cluster has no partner. */
  public static int[] match(double[][] newCentres, double[][] previousCentres) {
    int n = newCentres.length;
    int m = previousCentres.length;
    if (m > 20) {
      throw new IllegalArgumentException("cluster matching supports at most 20 previous clusters, got: " + m);
    }
    int pairs = Math.min(n, m);
    int states = 1 << m;
    double[][] cost = new double[n + 1][states];
    int[][] choice = new int[n + 1][states];
    for (double[] row : cost) {
      Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    cost[0][0] = 0;
    for (int i = 0; i < n; i++) {
      for (int mask = 0; mask < states; mask++) {
        if (cost[i][mask] == Double.POSITIVE_INFINITY) {
          continue;
        }
        relax(cost, choice, i, mask, cost[i][mask], -1);
        for (int j = 0; j < m; j++) {
          if ((mask & (1 << j)) == 0) {
            relax(cost, choice, i, mask | (1 << j),
                cost[i][mask] + ClusterQuality.distance(newCentres[i], previousCentres[j]), j);
          }
        }
      }
    }
    int best = -1;
    for (int mask = 0; mask < states; mask++) {
      if (Integer.bitCount(mask) == pairs && (best < 0 || cost[n][mask] < cost[n][best])) {
        best = mask;
      }
    }
    int[] result = new int[n];
    int mask = best;
    for (int i = n; i > 0; i--) {
      int j = choice[i][mask];
      result[i - 1] = j;
      if (j >= 0) {
        mask &= ~(1 << j);
      }
    }
    return result;
  }

  private static void relax(double[][] cost, int[][] choice, int i, int to, double value, int j) {
    if (value < cost[i + 1][to]) {
      cost[i + 1][to] = value;
      choice[i + 1][to] = j;
    }
  }

  private ClusterMatching() {}
}
