package com.custseg.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a fine grid of approximate quantiles into score cut points that respect ties.
 *
 * <p>Plain quantile cut points collapse when many customers share a value (half of them with one order, say):
 * the 20% and 40% quantiles are both 1, one score is never given and the others shift. Here the bins are filled
 * in order instead: each next cut is the smallest value at which the customers covered so far reach an equal share
 * of the customers still to be placed among the bins left. A tied value therefore stays in one bin (which may hold
 * more than its share), and the remaining customers are split evenly over the remaining bins. Scores are
 * {@code 1 + number of cuts below the value}; a dimension with fewer distinct values than bins uses the lowest
 * scores only and never leaves a gap.
 */
public final class TieAwareCuts {
  private static final double EPS = 1e-9;

  /**
   * @param grid quantiles at probabilities 1/G, 2/G, …, (G-1)/G, non-decreasing
   * @param bins number of scores wanted
   * @return strictly increasing cut points, at most {@code bins - 1}
   */
  public static double[] cuts(double[] grid, int bins) {
    int n = grid.length;
    List<Double> cuts = new ArrayList<>();
    if (n == 0) {
      return new double[0];
    }
    double covered = 0;
    int remaining = bins;
    int i = 0;
    while (remaining > 1 && i < n) {
      double target = covered + (1 - covered) / remaining;
      // advance to the end of the run of the value at i; its share is the fraction of grid points up to there
      int end = i;
      while (end + 1 < n && grid[end + 1] <= grid[i]) {
        end++;
      }
      double share = (end + 1) / (double) n;
      if (share + EPS >= target) {
        if (end == n - 1) {
          break; // no larger value is left to form another bin
        }
        cuts.add(grid[i]);
        covered = share;
        remaining--;
      }
      i = end + 1;
    }
    return cuts.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private TieAwareCuts() {}
}
