package com.custseg.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Readable names for clusters, from each cluster's mean recency, orders and spend relative to the other clusters.
 *
 * <p>Rule: per measure the clusters are ranked (spend and orders: higher is better; recency: fewer days is
 * better) and the rank is placed on [0, 1] (worst 0, best 1, ties share their mean rank). A position of at least
 * 2/3 is high, at most 1/3 low, else mid. The name is value (spend: 高价值 / 中价值 / 低价值), then the order
 * frequency when its level differs from the value level (高频 / 中频 / 低频), then activity (recency: 活跃 /
 * 渐冷 / 沉睡). The code is the same words in English with underscores.
 *
 * <p>Clusters that would share a name are told apart by how they differ: within the group, the measure whose means
 * are furthest apart (relative to that measure's range over all clusters; ties: spend, then orders, then recency)
 * ranks them, and each gets a qualifier in brackets: 消费较高 / 消费居中 / 消费较低, 购买较频 / 频次居中 / 购买较少,
 * or 上次购买较近 / 居中 / 较远 (code {@code _higher_spend}, {@code _more_orders}, {@code _more_recent}, ...).
 * Members still alike (a group of four or more) are qualified again by the next measure. Only a name still
 * shared after that, or one already {@code taken}, gets " 2", " 3" … (code "_2", "_3") in descending mean spend.
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
    List<List<Qualifier>> qualifiers = qualifiers(clusters, base);
    List<ClusterName> qualified = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      List<Qualifier> q = qualifiers.get(i);
      qualified.add(q.isEmpty() ? base.get(i) : new ClusterName(
          base.get(i).code() + q.stream().map(x -> "_" + x.code()).collect(Collectors.joining()),
          base.get(i).name() + q.stream().map(Qualifier::name).collect(Collectors.joining("，", "（", "）"))));
    }
    Integer[] bySpend = IntStream.range(0, k).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -clusters.get(i).monetary()).thenComparing(i -> i))
        .toArray(Integer[]::new);
    Set<String> used = new HashSet<>(taken);
    ClusterName[] result = new ClusterName[k];
    for (int i : bySpend) {
      ClusterName candidate = qualified.get(i);
      for (int n = 2; used.contains(candidate.name()); n++) {
        candidate = new ClusterName(qualified.get(i).code() + "_" + n, qualified.get(i).name() + " " + n);
      }
      used.add(candidate.name());
      result[i] = candidate;
    }
    return List.of(result);
  }

  /** A word telling a cluster from others of the same name, and its code. */
  record Qualifier(String code, String name) {}

  /** The measures in tie order, each with its three qualifiers (best, middle, worst). */
  private enum Measure {
    SPEND(new Qualifier("higher_spend", "消费较高"), new Qualifier("middle_spend", "消费居中"),
        new Qualifier("lower_spend", "消费较低")),
    ORDERS(new Qualifier("more_orders", "购买较频"), new Qualifier("middle_orders", "频次居中"),
        new Qualifier("fewer_orders", "购买较少")),
    RECENCY(new Qualifier("more_recent", "上次购买较近"), new Qualifier("middle_recent", "上次购买居中"),
        new Qualifier("less_recent", "上次购买较远"));

    final Qualifier best;
    final Qualifier middle;
    final Qualifier worst;

    Measure(Qualifier best, Qualifier middle, Qualifier worst) {
      this.best = best;
      this.middle = middle;
      this.worst = worst;
    }

    /** Higher is better: spend, orders, minus the recency days. */
    double of(ClusterMeans means) {
      return switch (this) {
        case SPEND -> means.monetary();
        case ORDERS -> means.frequency();
        case RECENCY -> -means.recencyDays();
      };
    }
  }

  /** The qualifiers of each cluster, in the order given: empty for a cluster whose base name is its own. */
  private static List<List<Qualifier>> qualifiers(List<ClusterMeans> clusters, List<ClusterName> base) {
    int k = clusters.size();
    List<List<Qualifier>> qualifiers = new ArrayList<>();
    List<EnumSet<Measure>> usedMeasures = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      qualifiers.add(new ArrayList<>());
      usedMeasures.add(EnumSet.noneOf(Measure.class));
    }
    for (int round = 0; round < Measure.values().length; round++) {
      Map<String, List<Integer>> groups = new LinkedHashMap<>();
      for (int i = 0; i < k; i++) {
        groups.computeIfAbsent(base.get(i).name() + qualifiers.get(i), x -> new ArrayList<>()).add(i);
      }
      for (List<Integer> group : groups.values()) {
        if (group.size() < 2) {
          continue;
        }
        Measure measure = widestApart(clusters, group, usedMeasures.get(group.get(0)));
        if (measure == null) {
          continue;
        }
        List<Integer> ranked = group.stream()
            .sorted(Comparator.comparingDouble((Integer i) -> -measure.of(clusters.get(i))).thenComparing(i -> i))
            .toList();
        for (int r = 0; r < ranked.size(); r++) {
          int i = ranked.get(r);
          qualifiers.get(i).add(r == 0 ? measure.best : r == ranked.size() - 1 ? measure.worst : measure.middle);
          usedMeasures.get(i).add(measure);
        }
      }
    }
    return qualifiers;
  }

  /**
   * The measure not yet used whose means lie furthest apart within {@code group}, relative to its range over all
   * clusters; null when every measure is used or none differs within the group.
   */
  private static Measure widestApart(List<ClusterMeans> clusters, List<Integer> group, Set<Measure> used) {
    Measure widest = null;
    double widestSpread = 0;
    for (Measure m : Measure.values()) {
      if (used.contains(m)) {
        continue;
      }
      double range = spread(clusters, IntStream.range(0, clusters.size()).boxed().toList(), m);
      double spread = range > 0 ? spread(clusters, group, m) / range : 0;
      if (spread > widestSpread) {
        widest = m;
        widestSpread = spread;
      }
    }
    return widest;
  }

  private static double spread(List<ClusterMeans> clusters, List<Integer> members, Measure m) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i : members) {
      min = Math.min(min, m.of(clusters.get(i)));
      max = Math.max(max, m.of(clusters.get(i)));
    }
    return max - min;
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
