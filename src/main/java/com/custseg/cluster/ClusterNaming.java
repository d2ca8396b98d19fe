package com.custseg.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Readable names for clusters, from each cluster's mean recency, orders and spend relative to the other clusters.
 *
 * <p>Rule: per measure the clusters are ranked (spend and orders: higher is better; recency: fewer days is
 * better) and the rank is placed on [0, 1] (worst 0, best 1, ties share their mean rank). A position of at least
 * 2/3 is high, at most 1/3 low, else mid. The name is value (spend: 高价值 / 中价值 / 低价值), then the order
 * frequency when its level differs from the value level (高频 / 中频 / 低频), then activity (recency: 活跃 /
 * 渐冷 / 沉睡). The code is the same words in English with underscores. Two clusters that would share a name
 * get " 2", " 3" … (code "_2", "_3") in descending mean spend.
 */
public final class ClusterNaming {

  /** Mean recency (days), orders and spend of one cluster's customers. */
  public record ClusterMeans(double recencyDays, double frequency, double monetary) {}

  public record ClusterName(String code, String name) {}

  private enum Level { LOW, MID, HIGH }

  private static final String[] VALUE_NAME = {"低价值", "中价值", "高价值"};
  private static final String[] VALUE_CODE = {"low_value", "mid_value", "high_value"};
  private static final String[] FREQUENCY_NAME = {"低频", "中频", "高频"};
  private static final String[] FREQUENCY_CODE = {"low_frequency", "mid_frequency", "high_frequency"};
  private static final String[] ACTIVITY_NAME = {"沉睡", "渐冷", "活跃"};
  private static final String[] ACTIVITY_CODE = {"dormant", "cooling", "active"};

  /** Names in the order of {@code clusters}, unique among them and distinct from {@code taken} names. */
  public static List<ClusterName> names(List<ClusterMeans> clusters, Set<String> taken) {
    int k = clusters.size();
    double[] value = positions(clusters.stream().mapToDouble(ClusterMeans::monetary).toArray());
    double[] frequency = positions(clusters.stream().mapToDouble(ClusterMeans::frequency).toArray());
    double[] activity = positions(clusters.stream().mapToDouble(c -> -c.recencyDays()).toArray());
    List<ClusterName> base = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      int v = level(value[i]).ordinal();
      int f = level(frequency[i]).ordinal();
      int a = level(activity[i]).ordinal();
      String name = VALUE_NAME[v] + (f == v ? "" : FREQUENCY_NAME[f]) + ACTIVITY_NAME[a];
      String code = VALUE_CODE[v] + (f == v ? "" : "_" + FREQUENCY_CODE[f]) + "_" + ACTIVITY_CODE[a];
      base.add(new ClusterName(code, name));
    }
    Integer[] bySpend = IntStream.range(0, k).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -clusters.get(i).monetary()).thenComparing(i -> i))
        .toArray(Integer[]::new);
    Set<String> used = new HashSet<>(taken);
    ClusterName[] result = new ClusterName[k];
    for (int i : bySpend) {
      ClusterName candidate = base.get(i);
      for (int n = 2; used.contains(candidate.name()); n++) {
        candidate = new ClusterName(base.get(i).code() + "_" + n, base.get(i).name() + " " + n);
      }
      used.add(candidate.name());
      result[i] = candidate;
    }
    return List.of(result);
  }

  /** Rank of each value on [0, 1], 0 the lowest; equal values share their mean rank; a lone value is 1. */
  static double[] positions(double[] values) {
    int k = values.length;
    double[] result = new double[k];
    if (k == 1) {
      result[0] = 1.0;
      return result;
    }
    for (int i = 0; i < k; i++) {
      int below = 0;
      int equal = 0;
      for (double other : values) {
        if (other < values[i]) {
          below++;
        } else if (other == values[i]) {
          equal++;
        }
      }
      result[i] = (below + (equal - 1) / 2.0) / (k - 1);
    }
    return result;
  }

  private static Level level(double position) {
    return position >= 2.0 / 3 - 1e-9 ? Level.HIGH : position <= 1.0 / 3 + 1e-9 ? Level.LOW : Level.MID;
  }

  private ClusterNaming() {}
}
