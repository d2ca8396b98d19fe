package com.custseg.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.cluster.ClusterNaming.ClusterMeans;
import com.custseg.cluster.ClusterNaming.ClusterName;
import java.util.List;
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

    assertThat(names).extracting(ClusterName::name)
        .containsExactly("高价值活跃", "高价值活跃 2", "低价值沉睡", "低价值沉睡 2");
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
