package com.custseg.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.cluster.ClusterNaming.ClusterMeans;
import com.custseg.cluster.ClusterNaming.ClusterName;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterNamingTest {

  @Test
  void valueFrequencyAndActivityComeFromTheRankOfEachMeanAmongTheClusters() {
    List<ClusterName> names = ClusterNaming.names(List.of(
        new ClusterMeans(10, 20, 50_000),
        new ClusterMeans(60, 5, 3_000),
        new ClusterMeans(400, 1, 100)), Set.of());

    assertThat(names).containsExactly(
        new ClusterName("high_value_active", "高价值活跃"),
        new ClusterName("mid_value_cooling", "中价值渐冷"),
        new ClusterName("low_value_dormant", "低价值沉睡"));
  }

  @Test
  void frequencyIsNamedOnlyWhenItsLevelDiffersFromTheValueLevel() {
    List<ClusterName> names = ClusterNaming.names(List.of(
        new ClusterMeans(300, 1, 90_000),   // big one-off buyers, long ago
        new ClusterMeans(5, 30, 5_000),     // frequent, recent, mid spend
        new ClusterMeans(100, 3, 200)), Set.of());

    assertThat(names).containsExactly(
        new ClusterName("high_value_low_frequency_dormant", "高价值低频沉睡"),
        new ClusterName("mid_value_high_frequency_active", "中价值高频活跃"),
        new ClusterName("low_value_mid_frequency_cooling", "低价值中频渐冷"));
  }

  @Test
  void withFourClustersTheTwoBestOfAMeasureAreHighAndTheTwoWorstLow() {
    // positions 0, 1/3, 2/3, 1: low, low, high, high
    List<ClusterName> names = ClusterNaming.names(List.of(
        new ClusterMeans(1, 40, 9_000),
        new ClusterMeans(20, 30, 8_000),
        new ClusterMeans(200, 2, 300),
        new ClusterMeans(500, 1, 200)), Set.of());

    // Both pairs share every level; the first pair differs most in orders, the second in recency.
    assertThat(names).containsExactly(
        new ClusterName("high_value_active_more_orders", "高价值活跃（购买较频）"),
        new ClusterName("high_value_active_fewer_orders", "高价值活跃（购买较少）"),
        new ClusterName("low_value_dormant_more_recent", "低价值沉睡（上次购买较近）"),
        new ClusterName("low_value_dormant_less_recent", "低价值沉睡（上次购买较远）"));
  }

  @Test
  void threeAlikeClustersAreRankedOnTheMeasureThatSetsThemFurthestApart() {
    // With k = 7 the three best of a measure are high and the three worst low.
    List<ClusterName> names = ClusterNaming.names(List.of(
        new ClusterMeans(10, 20, 50_000),
        new ClusterMeans(12, 21, 30_000),
        new ClusterMeans(11, 19, 40_000),
        new ClusterMeans(100, 5, 5_000),
        new ClusterMeans(300, 2, 1_000),
        new ClusterMeans(400, 1, 500),
        new ClusterMeans(500, 1, 100)), Set.of());

    // Top three: spend spreads 20,000 of its 49,900 range, orders 2 of 20, recency 2 of 490 days.
    // Bottom three: spend 900 of 49,900, orders 1 of 20, recency 200 of 490.
    assertThat(names).extracting(ClusterName::name).containsExactly(
        "高价值活跃（消费较高）", "高价值活跃（消费较低）", "高价值活跃（消费居中）", "中价值渐冷",
        "低价值沉睡（上次购买较近）", "低价值沉睡（上次购买居中）", "低价值沉睡（上次购买较远）");
    assertThat(names.get(5).code()).isEqualTo("low_value_dormant_middle_recent");
  }

  @Test
  void clusterNamesAreDistinctWithoutNumbersForEveryKFromTwoToEightOnGeneratedCustomers() {
    Random random = new Random(7);
    int n = 3000;
    double[][] raw = new double[n][];
    double[][] points = new double[n][];
    for (int i = 0; i < n; i++) {
      double activity = Math.exp(random.nextGaussian() * 0.8);
      double frequency = 1 + Math.floor(activity * 3 * random.nextDouble());
      double monetary = frequency * Math.exp(6 + random.nextGaussian());
      double recency = Math.floor(random.nextDouble() * 700 / activity) % 730;
      raw[i] = new double[] {recency, frequency, monetary};
      points[i] = new double[] {Math.log1p(monetary), Math.log1p(frequency), recency / 100};
    }
    for (int k = 2; k <= 8; k++) {
      DriverKMeans.Result fit = DriverKMeans.fit(points, k, 42, 40);
      double[][] sums = new double[k][3];
      int[] sizes = new int[k];
      for (int i = 0; i < n; i++) {
        int c = fit.assignment()[i];
        sizes[c]++;
        for (int d = 0; d < 3; d++) {
          sums[c][d] += raw[i][d];
        }
      }
      List<ClusterMeans> means = new ArrayList<>();
      for (int c = 0; c < k; c++) {
        means.add(new ClusterMeans(sums[c][0] / sizes[c], sums[c][1] / sizes[c], sums[c][2] / sizes[c]));
      }

      List<String> names = ClusterNaming.names(means, Set.of()).stream().map(ClusterName::name).toList();

      assertThat(names).as("k=%d: %s", k, names).doesNotHaveDuplicates()
          .noneMatch(name -> name.matches(".* \\d+"));
    }
  }

  @Test
  void aNameAlreadyTakenOrSharedGetsANumberInDescendingSpendOrder() {
    List<ClusterName> names = ClusterNaming.names(List.of(
        new ClusterMeans(30, 4, 1_000),
        new ClusterMeans(30, 4, 1_000)), Set.of("中价值渐冷"));

    assertThat(names).containsExactly(
        new ClusterName("mid_value_cooling_2", "中价值渐冷 2"),
        new ClusterName("mid_value_cooling_3", "中价值渐冷 3"));
  }

  @Test
  void positionsAreRanksOnZeroToOneWithTiesSharingTheirMeanRank() {
    assertThat(ClusterNaming.positions(new double[] {5, 1, 5, 9, 3}))
        .containsExactly(0.625, 0.0, 0.625, 1.0, 0.25);
  }
}
