package com.custseg.value;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log-likelihood summed over a compressed input: distinct model inputs (e.g. (x, t_x, T)) with the number of
 * customers that share them. The likelihood splits into a term of the first input alone (x: the log-gamma
 * functions, costly) and a cheap term of the whole row; the first is evaluated once per distinct x on the driver
 * (there are at most a few thousand purchase counts), the second once per distinct row. Rows up to the bound
 * ({@link #driverRowBound}: the configured cap or what fits in {@link #DRIVER_HEAP_SHARE} of the driver's heap,
 * whichever is smaller) are collected once into primitive arrays and summed on the driver, in fixed chunks of rows
 * summed in parallel and added in chunk order, so an evaluation takes milliseconds and no Spark job. Larger inputs
 * stay cached on the executors and every evaluation is one Spark job that sums each partition there and brings
 * back one number per partition (added in partition order). Either way a fit is reproducible to the last bit.
 */
final class CompressedLikelihood implements AutoCloseable {
  /** Partitions of the cached likelihood input: fixed, so that the partial sums do not depend on the cluster. */
  static final int DISTRIBUTED_PARTITIONS = 64;
  /** Share of the driver's maximum heap that the collected rows may take as primitive arrays. */
  static final double DRIVER_HEAP_SHARE = 0.125;
  /** Rows per chunk of the driver-side sum: the unit of parallel work, fixed so the sum's order is too. */
  static final int DRIVER_CHUNK_ROWS = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(CompressedLikelihood.class);

  /** The part of one customer's log-likelihood that depends on the model inputs beyond the first. */
  @FunctionalInterface
  interface RowLogLikelihood extends Serializable {
    double at(double[] params, double[] inputs);
  }

  /** The part of one customer's log-likelihood that depends on the first model input (x) only. */
  @FunctionalInterface
  interface KeyLogLikelihood {
    double at(double[] params, double key);
  }

  private final KeyLogLikelihood perKey;
  private final double[] keys;
  private final double[] keyWeights;
  private final RowLogLikelihood perRow;
  /** Collected rows, row after row, {@code inputs} values each, in sorted order; null on the executors path. */
  private final double[] localRows;
  private final double[] localWeights;
  private final int inputs;
  private final JavaRDD<double[]> distributed;
  private final long customers;
  private final long rows;
  private int evaluations;

  private CompressedLikelihood(KeyLogLikelihood perKey, double[] keys, double[] keyWeights, RowLogLikelihood perRow,
      int inputs, double[] localRows, double[] localWeights, JavaRDD<double[]> distributed, long customers,
      long rows) {
    this.inputs = inputs;
    this.customers = customers;
    this.perKey = perKey;
    this.keys = keys;
    this.keyWeights = keyWeights;
    this.perRow = perRow;
    this.localRows = localRows;
    this.localWeights = localWeights;
    this.distributed = distributed;
    this.rows = rows;
  }

  /**
   * @param compressed all-numeric columns: the model inputs in order, then the customer count as the last column
   * @param customers the sum of the counts (already computed by the caller)
   * @param rows the number of rows of {@code compressed} (already counted by the caller)
   */
  static CompressedLikelihood of(Dataset<Row> compressed, long customers, long rows, long maxCollectedRows,
      KeyLogLikelihood perKey, RowLogLikelihood perRow) {
    int inputs = compressed.schema().size() - 1;
    // Plain names: the caller's columns may be expressions whose names hold dots.
    String[] names = new String[inputs + 1];
    for (int i = 0; i <= inputs; i++) {
      names[i] = "_in" + i;
    }
    compressed = compressed.toDF(names);
    // Every sum runs in one fixed order (sorted rows, a fixed partitioning), so a fit gives the same parameters to
    // the last bit on any cluster: floating-point addition is not associative, and an optimiser amplifies the
    // difference.
    Column[] inputColumns = new Column[inputs];
    for (int i = 0; i < inputs; i++) {
      inputColumns[i] = col(names[i]);
    }
    // Bounded: one row per distinct value of the first input (distinct purchase counts: a few hundred at most).
    List<Row> byKey = compressed.groupBy(col(names[0])).agg(sum(col(names[inputs]))).orderBy(col(names[0]))
        .collectAsList();
    double[] keys = new double[byKey.size()];
    double[] keyWeights = new double[byKey.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = ((Number) byKey.get(i).get(0)).doubleValue();
      keyWeights[i] = ((Number) byKey.get(i).get(1)).doubleValue();
    }
    long bound = driverRowBound(maxCollectedRows, inputs);
    if (rows <= bound) {
      double[][] collected = collect(compressed, inputs, (int) rows);
      LOG.info("likelihood over {} distinct rows (at most {}), summed on the driver", rows, bound);
      return new CompressedLikelihood(perKey, keys, keyWeights, perRow, inputs, collected[0], collected[1], null,
          customers, rows);
    }
    JavaRDD<double[]> rdd = compressed.repartition(DISTRIBUTED_PARTITIONS, inputColumns)
        .sortWithinPartitions(inputColumns).javaRDD().map(r -> {
      double[] v = new double[inputs + 1];
      for (int i = 0; i <= inputs; i++) {
        v[i] = ((Number) r.get(i)).doubleValue();
      }
      return v;
    }).persist(StorageLevel.MEMORY_AND_DISK());
    rdd.count(); // materialise the cache while the caller's compressed input is still cached
    LOG.info("likelihood over {} distinct rows (more than {}), summed on the executors", rows, bound);
    return new CompressedLikelihood(perKey, keys, keyWeights, perRow, inputs, null, null, rdd, customers, rows);
  }

  /**
   * The most distinct rows summed on the driver: {@code configured} (segmentation.value.max-collected-rows), or
   * fewer when the rows' primitive arrays ({@code inputs} values and a count, 8 bytes each, and a sort index)
   * would take more than {@link #DRIVER_HEAP_SHARE} of the driver's maximum heap.
   */
  static long driverRowBound(long configured, int inputs) {
    long bytesPerRow = 8L * (inputs + 1) + 4;
    long byMemory = (long) (Runtime.getRuntime().maxMemory() * DRIVER_HEAP_SHARE / bytesPerRow);
    return Math.min(Math.min(configured, byMemory), Integer.MAX_VALUE / (inputs + 1));
  }

  /**
   * The rows as {inputs, row after row; counts}, sorted by the inputs so the sums run in one order whatever the
   * partitioning. Streamed a partition at a time, so no more than one partition's rows are objects at once.
   */
  private static double[][] collect(Dataset<Row> compressed, int inputs, int rows) {
    double[] data = new double[rows * inputs];
    double[] weights = new double[rows];
    int n = 0;
    // Bounded: at most {@code rows} rows, the driver-memory bound the caller checked before choosing this path.
    for (Iterator<Row> it = compressed.toLocalIterator(); it.hasNext(); n++) {
      Row r = it.next();
      if (n == rows) {
        throw new IllegalStateException("the compressed likelihood input has more than the " + rows
            + " rows counted");
      }
      for (int i = 0; i < inputs; i++) {
        data[n * inputs + i] = ((Number) r.get(i)).doubleValue();
      }
      weights[n] = ((Number) r.get(inputs)).doubleValue();
    }
    int count = n;
    Integer[] order = new Integer[count];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> {
      for (int i = 0; i < inputs; i++) {
        int c = Double.compare(data[a * inputs + i], data[b * inputs + i]);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    });
    double[] sortedData = new double[count * inputs];
    double[] sortedWeights = new double[count];
    for (int j = 0; j < count; j++) {
      System.arraycopy(data, order[j] * inputs, sortedData, j * inputs, inputs);
      sortedWeights[j] = weights[order[j]];
    }
    return new double[][] {sortedData, sortedWeights};
  }

  double logLikelihood(double[] params) {
    return logLikelihoods(new double[][] {params})[0];
  }

  /** The log-likelihood at several points in one pass (one Spark job on the executors path). */
  double[] logLikelihoods(double[][] points) {
    evaluations += points.length;
    double[] rowSums = rowSums(points);
    double[] result = new double[points.length];
    for (int k = 0; k < points.length; k++) {
      double keySum = 0;
      for (int i = 0; i < keys.length; i++) {
        keySum += keyWeights[i] * perKey.at(points[k], keys[i]);
      }
      result[k] = keySum + rowSums[k];
    }
    return result;
  }

  private double[] rowSums(double[][] points) {
    if (localRows != null) {
      return driverRowSums(points);
    }
    RowLogLikelihood f = perRow;
    double[][] p = points.clone();
    // Bounded: one array of points.length sums per partition, whatever the number of rows.
    List<double[]> partials = distributed.mapPartitions((Iterator<double[]> it) -> {
      double[] sums = new double[p.length];
      while (it.hasNext()) {
        double[] v = it.next();
        for (int k = 0; k < p.length; k++) {
          sums[k] += v[v.length - 1] * f.at(p[k], v);
        }
      }
      List<double[]> one = new ArrayList<>(1);
      one.add(sums);
      return one.iterator();
    }).collect();
    double[] sums = new double[points.length];
    for (double[] partial : partials) {
      for (int k = 0; k < sums.length; k++) {
        sums[k] += partial[k];
      }
    }
    return sums;
  }

  /** Each chunk of rows summed on its own (in parallel), then the chunk sums added in chunk order. */
  private double[] driverRowSums(double[][] points) {
    int n = localWeights.length;
    int chunks = (n + DRIVER_CHUNK_ROWS - 1) / DRIVER_CHUNK_ROWS;
    double[][] partials = IntStream.range(0, chunks).parallel().mapToObj(c -> {
      double[] sums = new double[points.length];
      double[] row = new double[inputs];
      for (int i = c * DRIVER_CHUNK_ROWS, end = Math.min(n, i + DRIVER_CHUNK_ROWS); i < end; i++) {
        System.arraycopy(localRows, i * inputs, row, 0, inputs);
        for (int k = 0; k < points.length; k++) {
          sums[k] += localWeights[i] * perRow.at(points[k], row);
        }
      }
      return sums;
    }).toArray(double[][]::new);
    double[] sums = new double[points.length];
    for (double[] partial : partials) {
      for (int k = 0; k < sums.length; k++) {
        sums[k] += partial[k];
      }
    }
    return sums;
  }

  boolean onExecutors() {
    return distributed != null;
  }

  long customers() {
    return customers;
  }

  long rows() {
    return rows;
  }

  int evaluations() {
    return evaluations;
  }

  @Override
  public void close() {
    if (distributed != null) {
      distributed.unpersist(false);
    }
  }
}
