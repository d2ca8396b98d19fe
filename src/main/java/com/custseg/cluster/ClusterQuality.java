package com.custseg.cluster;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.features.RfmColumns;
import com.custseg.io.TransactionColumns;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Quality and size of a clustering, computed with Spark aggregations over the scored buyers (standardised vector
 * in {@link ClusterColumns#SCALED}, model index in {@link ClusterColumns#MODEL_INDEX}); only one row per cluster
 * reaches the driver.
 *
 * <p>Silhouette is Spark's ClusteringEvaluator definition (squared Euclidean distance, the mean distance to a
 * cluster from its size, vector sum and sum of squared norms, a singleton scores 0), here also per cluster.
 * Davies–Bouldin: mean over clusters i of max over j != i of (S_i + S_j) / |c_i - c_j|, with S_i the mean Euclidean
 * distance of cluster i's customers to its centre c_i; lower is better.
 */
public final class ClusterQuality {

  /** Per-cluster aggregates in model space and in business units. */
  public record ClusterStats(int index, long customers, double[] featureSum, double squaredNormSum,
      double meanDistance, double squaredDistanceSum, BigDecimal revenue, Double avgRecencyDays,
      double avgFrequency, BigDecimal avgMonetary) {}

  /** One pass over the buyers: size, vector sums and distances to the centres, revenue and mean R, F, M. */
  public static List<ClusterStats> stats(Dataset<Row> scored, double[][] centres) {
    int dim = centres[0].length;
    Column x = functions.vector_to_array(col(ClusterColumns.SCALED), "float64");
    Column index = col(ClusterColumns.MODEL_INDEX);
    Column squaredNorm = lit(0.0);
    Column squaredDistance = lit(0.0);
    List<Column> aggs = new ArrayList<>();
    for (int i = 0; i < dim; i++) {
      Column xi = element_at(x, i + 1);
      squaredNorm = squaredNorm.plus(xi.multiply(xi));
      Column diff = xi.minus(centreComponent(centres, index, i));
      squaredDistance = squaredDistance.plus(diff.multiply(diff));
      aggs.add(sum(xi));
    }
    aggs.add(sum(squaredNorm));
    aggs.add(avg(sqrt(squaredDistance)));
    aggs.add(sum(squaredDistance));
    aggs.add(sum(col(RfmColumns.MONETARY)).cast(TransactionColumns.MONEY));
    aggs.add(avg(col(RfmColumns.RECENCY_DAYS)));
    aggs.add(avg(col(RfmColumns.FREQUENCY)));
    aggs.add(avg(col(RfmColumns.MONETARY)).cast(TransactionColumns.MONEY));
    List<Row> rows = scored.groupBy(index).agg(count(lit(1)), aggs.toArray(Column[]::new))
        .orderBy(index).collectAsList(); // bounded: one row per cluster
    List<ClusterStats> stats = new ArrayList<>();
    for (Row r : rows) {
      double[] featureSum = new double[dim];
      for (int i = 0; i < dim; i++) {
        featureSum[i] = r.getDouble(2 + i);
      }
      int at = 2 + dim;
      stats.add(new ClusterStats(r.getInt(0), r.getLong(1), featureSum, r.getDouble(at), r.getDouble(at + 1),
          r.getDouble(at + 2), r.isNullAt(at + 3) ? BigDecimal.ZERO.setScale(2) : r.getDecimal(at + 3),
          r.isNullAt(at + 4) ? null : r.getDouble(at + 4), r.getDouble(at + 5),
          r.isNullAt(at + 6) ? BigDecimal.ZERO.setScale(2) : r.getDecimal(at + 6)));
    }
    return stats;
  }

  /**
   * Mean silhouette per model index (clusters with customers only), from a second pass over the buyers that uses
   * the cluster aggregates of {@link #stats}. Empty when fewer than two clusters have customers.
   */
  public static Map<Integer, Double> silhouetteByCluster(Dataset<Row> scored, List<ClusterStats> stats) {
    if (stats.size() < 2) {
      return Map.of();
    }
    int dim = stats.get(0).featureSum().length;
    Column x = functions.vector_to_array(col(ClusterColumns.SCALED), "float64");
    Column index = col(ClusterColumns.MODEL_INDEX);
    Column squaredNorm = lit(0.0);
    for (int i = 0; i < dim; i++) {
      squaredNorm = squaredNorm.plus(element_at(x, i + 1).multiply(element_at(x, i + 1)));
    }
    Column own = null;
    Column ownSize = null;
    List<Column> others = new ArrayList<>();
    for (ClusterStats s : stats) {
      double n = s.customers();
      Column dot = lit(0.0);
      for (int i = 0; i < dim; i++) {
        dot = dot.plus(element_at(x, i + 1).multiply(lit(s.featureSum()[i])));
      }
      Column meanDistance = squaredNorm.plus(lit(s.squaredNormSum() / n)).minus(dot.multiply(lit(2.0 / n)));
      Column isOwn = index.equalTo(s.index());
      Column ownDistance = n > 1 ? meanDistance.multiply(lit(n / (n - 1))) : lit(0.0);
      own = own == null ? when(isOwn, ownDistance) : own.when(isOwn, ownDistance);
      ownSize = ownSize == null ? when(isOwn, lit(s.customers())) : ownSize.when(isOwn, lit(s.customers()));
      others.add(when(isOwn.unary_$bang(), meanDistance));
    }
    Column a = own;
    Column b = least(others.toArray(Column[]::new));
    Column silhouette = when(ownSize.equalTo(1), lit(0.0))
        .when(a.lt(b), lit(1.0).minus(a.divide(b)))
        .when(a.gt(b), b.divide(a).minus(lit(1.0)))
        .otherwise(lit(0.0));
    Map<Integer, Double> result = new HashMap<>();
    for (Row r : scored.groupBy(index).agg(avg(silhouette)).collectAsList()) { // bounded: one row per cluster
      result.put(r.getInt(0), r.getDouble(1));
    }
    return result;
  }

  /** The customer-weighted mean of the per-cluster silhouettes: the silhouette of the whole clustering. */
  public static double overallSilhouette(List<ClusterStats> stats, Map<Integer, Double> byCluster) {
    if (byCluster.isEmpty()) {
      return Double.NaN;
    }
    double total = 0;
    long customers = 0;
    for (ClusterStats s : stats) {
      total += byCluster.get(s.index()) * s.customers();
      customers += s.customers();
    }
    return total / customers;
  }

  /** Davies–Bouldin index of the clusters that have customers; NaN with fewer than two. */
  public static double daviesBouldin(List<ClusterStats> stats, double[][] centres) {
    double[] meanDistance = new double[centres.length];
    stats.forEach(s -> meanDistance[s.index()] = s.meanDistance());
    return daviesBouldin(stats.stream().map(ClusterStats::index).toList(), meanDistance, centres);
  }

  /**
   * Davies–Bouldin index of the clusters {@code present} (model indices), from each one's mean distance to its
   * centre; NaN with fewer than two.
   */
  static double daviesBouldin(List<Integer> present, double[] meanDistance, double[][] centres) {
    if (present.size() < 2) {
      return Double.NaN;
    }
    double total = 0;
    for (int i : present) {
      double worst = 0;
      for (int j : present) {
        if (i != j) {
          double separation = distance(centres[i], centres[j]);
          double ratio = separation == 0 ? Double.POSITIVE_INFINITY
              : (meanDistance[i] + meanDistance[j]) / separation;
          worst = Math.max(worst, ratio);
        }
      }
      total += worst;
    }
    return total / present.size();
  }

  /** Within-cluster sum of squared distances to the centres (k-means' training cost). */
  public static double cost(List<ClusterStats> stats) {
    return stats.stream().mapToDouble(ClusterStats::squaredDistanceSum).sum();
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  /** Component i of the centre of each row's cluster, as a literal lookup (k is small). */
  private static Column centreComponent(double[][] centres, Column index, int i) {
    Column[] values = new Column[centres.length];
    for (int c = 0; c < centres.length; c++) {
      values[c] = lit(centres[c][i]);
    }
    return element_at(org.apache.spark.sql.functions.array(values), index.plus(1));
  }

  private ClusterQuality() {}
}
