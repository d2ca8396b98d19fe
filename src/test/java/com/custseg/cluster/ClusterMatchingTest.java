package com.custseg.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusterMatchingTest {
  private static final double[][] PREVIOUS = {{0, 0}, {5, 5}, {10, 0}};

  @Test
  void permutedCentresAreMatchedBackToTheirPreviousClusters() {
    double[][] permuted = {{10.1, 0}, {0, 0.1}, {5, 4.9}};

    assertThat(ClusterMatching.match(permuted, PREVIOUS)).containsExactly(2, 0, 1);
  }

  @Test
  void theMatchingMinimisesTheTotalDistanceNotEachNearestNeighbour() {
    // Greedy nearest-first pairs new 0 with previous 1 (distance 1), leaving new 1 with previous 0 (5): total 6.
    // The optimum pairs new 0 with previous 0 (2) and new 1 with previous 1 (2): total 4.
    double[][] previous = {{0}, {3}};
    double[][] next = {{2}, {5}};

    assertThat(ClusterMatching.match(next, previous)).containsExactly(0, 1);
  }

  @Test
  void anExtraNewClusterIsLeftUnmatchedAndAMissingOneLeavesAPreviousUnused() {
    double[][] more = {{5, 5.2}, {20, 20}, {0.3, 0}, {9.8, 0}};
    double[][] fewer = {{9.8, 0}, {0.3, 0}};

    assertThat(ClusterMatching.match(more, PREVIOUS)).containsExactly(1, -1, 0, 2);
    assertThat(ClusterMatching.match(fewer, PREVIOUS)).containsExactly(2, 0);
  }

  @Test
  void theMatchingIsAsGoodAsTryingEveryPermutation() {
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      int k = 2 + random.nextInt(5);
      double[][] previous = randomCentres(random, k);
      double[][] next = randomCentres(random, k);
      int[] match = ClusterMatching.match(next, previous);
      assertThat(total(next, previous, match)).isCloseTo(bruteForceBest(next, previous), within());
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }

  private static double[][] randomCentres(Random random, int k) {
    double[][] c = new double[k][3];
    for (double[] row : c) {
      for (int i = 0; i < 3; i++) {
        row[i] = random.nextGaussian();
      }
    }
    return c;
  }

  private static double total(double[][] next, double[][] previous, int[] match) {
    double t = 0;
    for (int i = 0; i < match.length; i++) {
      t += ClusterQuality.distance(next[i], previous[match[i]]);
    }
    return t;
  }

  private static double bruteForceBest(double[][] next, double[][] previous) {
    return permute(next, previous, new int[next.length], new boolean[previous.length], 0);
  }

  private static double permute(double[][] next, double[][] previous, int[] match, boolean[] used, int i) {
    if (i == next.length) {
      return total(next, previous, match);
    }
    double best = Double.POSITIVE_INFINITY;
    for (int j = 0; j < previous.length; j++) {
      if (!used[j]) {
        used[j] = true;
        match[i] = j;
        best = Math.min(best, permute(next, previous, match, used, i + 1));
        used[j] = false;
      }
    }
    return best;
  }
}
