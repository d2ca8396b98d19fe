package com.custseg.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** K-means on the driver: fits and measures, checked against values worked out by hand. */
class DriverKMeansTest {
  /** Two pairs on a line: {0, 1} and {10, 11}. */
  private static final double[][] PAIRS = {{0}, {1}, {10}, {11}};

  @Test
  void twoSeparatedPairsGiveTheirMidpointsAsCentres() {
    DriverKMeans.Result fit = DriverKMeans.fit(PAIRS, 2, 42, 20);

    int low = fit.assignment()[0];
    assertThat(fit.assignment()).containsExactly(low, low, 1 - low, 1 - low);
    assertThat(fit.centres()[low]).containsExactly(0.5);
    assertThat(fit.centres()[1 - low]).containsExactly(10.5);
    // Each point is 0.5 from its centre: 4 × 0.25.
    assertThat(fit.cost()).isEqualTo(1.0);
    assertThat(fit.nonEmpty()).isEqualTo(2);
  }

  @Test
  void silhouetteIsSparksSquaredEuclideanDefinition() {
    int[] assignment = {0, 0, 1, 1};
    // a = mean squared distance to the rest of the own cluster (1 for every point); b = mean squared distance to
    // the other cluster: 0 → (100 + 121) / 2 = 110.5, 1 → (81 + 100) / 2 = 90.5, and symmetrically for 10 and 11.
    double expected = ((1 - 1 / 110.5) + (1 - 1 / 90.5) + (1 - 1 / 90.5) + (1 - 1 / 110.5)) / 4;

    assertThat(DriverKMeans.silhouette(PAIRS, assignment, 2)).isCloseTo(expected, within(1e-12));
    assertThat(DriverKMeans.silhouette(PAIRS, new int[] {0, 0, 0, 0}, 2)).isNaN();
  }

  @Test
  void daviesBouldinIsTheSpreadOverTheSeparationOfTheCentres() {
    // Mean distance to the centre 0.5 in both clusters, centres 10 apart: (0.5 + 0.5) / 10.
    double index = DriverKMeans.daviesBouldin(PAIRS, new int[] {0, 0, 1, 1}, new double[][] {{0.5}, {10.5}});

    assertThat(index).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void theSameSeedGivesTheSameFit() {
    double[][] points = new double[200][];
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < points.length; i++) {
      points[i] = new double[] {random.nextGaussian(), random.nextGaussian()};
    }

    DriverKMeans.Result first = DriverKMeans.fit(points, 5, 42, 40);
    DriverKMeans.Result second = DriverKMeans.fit(points, 5, 42, 40);

    assertThat(second.centres()).isDeepEqualTo(first.centres());
    assertThat(second.assignment()).isEqualTo(first.assignment());
  }

  @Test
  void fewerPointsThanClustersAreRefused() {
    assertThatThrownBy(() -> DriverKMeans.fit(PAIRS, 5, 42, 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k-means: 4 points cannot form 5 clusters");
  }
}
