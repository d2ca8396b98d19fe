package com.custseg.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.RfmConfig;
import com.custseg.io.CustomerColumns;
import com.custseg.region.RegionColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * R, F and M scores (1..bins, high = good) from approximate quantiles of the buyers, nationally or per region.
 *
 * <p>One aggregation computes a grid of 999 approximate quantiles per dimension and group (percentile_approx with
 * the configured accuracy, a mergeable sketch: no single partition), over the buyers in a fixed layout
 * ({@link #LAYOUT_PARTITIONS}) so that the same customers always give the same cut points. The grids — a few thousand numbers per
 * group — come to the driver, where {@link TieAwareCuts} turns them into cut points; the cut points go back as a
 * broadcast table and each score is {@code 1 + the number of cut points below the value}. Recency is scored on its
 * negative, so that a recent buyer scores high. Non-buyers get no scores.
 */
public final class QuantileScores {
  static final int GRID = 1000;
  /**
   * The buyers' values are sketched in this many partitions, hashed and sorted by customer id: an approximate
   * quantile depends on the order its sketch sees the values in, so without a fixed layout the cut points (and the
   * scores of customers near them) would move with the partitioning of the steps before, e.g. when the transactions
   * come from memory instead of transactions_clean. A few narrow columns per buyer: one small shuffle.
   */
  static final int LAYOUT_PARTITIONS = 8;
  private static final String GROUP = "_score_group";
  private static final String R_VALUE = "_r_value";
  private static final String F_VALUE = "_f_value";
  private static final String M_VALUE = "_m_value";
  private static final String R_CUTS = "_r_cuts";
  private static final String F_CUTS = "_f_cuts";
  private static final String M_CUTS = "_m_cuts";

  /** Cut points per scoring group: columns {@code _score_group, _r_cuts, _f_cuts, _m_cuts} (arrays of double). */
  public static Dataset<Row> cutPoints(Dataset<Row> customers, RfmConfig config) {
    Column percentages = lit(IntStream.range(1, GRID).mapToDouble(i -> i / (double) GRID).toArray());
    Column accuracy = lit(config.accuracy());
    List<Row> grids = withValues(customers, config)
        .filter(col(RfmColumns.IS_BUYER))
        .select(col(CustomerColumns.CUSTOMER_ID), col(GROUP), col(R_VALUE), col(F_VALUE), col(M_VALUE))
        .repartition(LAYOUT_PARTITIONS, col(CustomerColumns.CUSTOMER_ID))
        .sortWithinPartitions(CustomerColumns.CUSTOMER_ID)
        .groupBy(GROUP)
        .agg(percentile_approx(col(R_VALUE), percentages, accuracy).as(R_CUTS),
            percentile_approx(col(F_VALUE), percentages, accuracy).as(F_CUTS),
            percentile_approx(col(M_VALUE), percentages, accuracy).as(M_CUTS))
        // Bounded: one row per scoring group (1 nationally, one per region otherwise), 3 x 999 numbers each.
        .collectAsList();

    List<Row> cuts = new ArrayList<>();
    for (Row g : grids) {
      cuts.add(RowFactory.create(g.getString(0), cutsOf(g, 1, config.bins()), cutsOf(g, 2, config.bins()),
          cutsOf(g, 3, config.bins())));
    }
    StructType schema = new StructType()
        .add(GROUP, DataTypes.StringType)
        .add(R_CUTS, DataTypes.createArrayType(DataTypes.DoubleType))
        .add(F_CUTS, DataTypes.createArrayType(DataTypes.DoubleType))
        .add(M_CUTS, DataTypes.createArrayType(DataTypes.DoubleType));
    SparkSession spark = customers.sparkSession();
    return spark.createDataFrame(cuts, schema);
  }

  /** Adds r_score, f_score, m_score and rfm_score using cut points from {@link #cutPoints}. */
  public static Dataset<Row> withScores(Dataset<Row> customers, Dataset<Row> cutPoints, RfmConfig config) {
    Dataset<Row> withValues = withValues(customers, config);
    Dataset<Row> joined = withValues.join(broadcast(cutPoints), withValues.col(GROUP).equalTo(cutPoints.col(GROUP)),
        "left").drop(cutPoints.col(GROUP));
    return joined
        .withColumn(RfmColumns.R_SCORE, score(R_VALUE, R_CUTS))
        .withColumn(RfmColumns.F_SCORE, score(F_VALUE, F_CUTS))
        .withColumn(RfmColumns.M_SCORE, score(M_VALUE, M_CUTS))
        .withColumn(RfmColumns.RFM_SCORE, concat(col(RfmColumns.R_SCORE).cast("string"),
            col(RfmColumns.F_SCORE).cast("string"), col(RfmColumns.M_SCORE).cast("string")))
        .drop(GROUP, R_VALUE, F_VALUE, M_VALUE, R_CUTS, F_CUTS, M_CUTS);
  }

  private static Dataset<Row> withValues(Dataset<Row> customers, RfmConfig config) {
    Column group = config.scoreWithinRegion() ? col(RegionColumns.REGION_CODE) : lit("national");
    return customers
        .withColumn(GROUP, group)
        .withColumn(R_VALUE, col(RfmColumns.RECENCY_DAYS).cast(DataTypes.DoubleType).multiply(-1))
        .withColumn(F_VALUE, col(RfmColumns.FREQUENCY).cast(DataTypes.DoubleType))
        .withColumn(M_VALUE, col(RfmColumns.MONETARY).cast(DataTypes.DoubleType));
  }

  private static Column score(String value, String cuts) {
    Column below = expr("size(filter(" + cuts + ", c -> c < " + value + "))");
    return when(col(RfmColumns.IS_BUYER).and(col(cuts).isNotNull()), below.plus(1)).cast(DataTypes.IntegerType);
  }

  private static List<Double> cutsOf(Row grid, int index, int bins) {
    List<Double> values = grid.getList(index);
    double[] cuts = TieAwareCuts.cuts(values.stream().mapToDouble(Double::doubleValue).toArray(), bins);
    return java.util.Arrays.stream(cuts).boxed().toList();
  }

  private QuantileScores() {}
}
