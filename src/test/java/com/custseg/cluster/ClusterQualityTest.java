package com.custseg.cluster;

import static com.custseg.testing.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.custseg.cluster.ClusterQuality.ClusterStats;
import com.custseg.features.RfmColumns;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.Fixtures;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ClusterQualityTest {
  private static final StructType SCHEMA = new StructType()
      .add("x", DataTypes.DoubleType)
      .add(ClusterColumns.MODEL_INDEX, DataTypes.IntegerType)
      .add(RfmColumns.RECENCY_DAYS, DataTypes.IntegerType)
      .add(RfmColumns.FREQUENCY, DataTypes.LongType)
      .add(RfmColumns.MONETARY, TransactionColumns.MONEY);
  /** Centres of the clusters {0, 2}, {10, 12} and {30}. */
  private static final double[][] CENTRES = {{1}, {11}, {30}};

  /** Five customers on a line: cluster 0 = {0, 2}, cluster 1 = {10, 12}, cluster 2 = {30} (a singleton). */
  private static Dataset<Row> scored() {
    Dataset<Row> rows = Fixtures.table(SCHEMA,
        row(0.0, 0, 10, 2L, new BigDecimal("10.00")),
        row(2.0, 0, 20, 4L, new BigDecimal("20.00")),
        row(10.0, 1, 100, 1L, new BigDecimal("30.00")),
        row(12.0, 1, 300, 1L, new BigDecimal("40.05")),
        row(30.0, 2, 5, 9L, new BigDecimal("-5.00")));
    return new VectorAssembler().setInputCols(new String[] {"x"}).setOutputCol(ClusterColumns.SCALED)
        .transform(rows);
  }

  @Test
  void statsHoldSizesVectorSumsDistancesToTheCentresAndBusinessMeans() {
    List<ClusterStats> stats = ClusterQuality.stats(scored(), CENTRES);

    assertThat(stats).extracting(ClusterStats::index).containsExactly(0, 1, 2);
    assertThat(stats).extracting(ClusterStats::customers).containsExactly(2L, 2L, 1L);
    assertThat(stats.get(1).featureSum()).containsExactly(22.0);
    assertThat(stats.get(1).squaredNormSum()).isEqualTo(244.0);
    assertThat(stats).extracting(ClusterStats::meanDistance).containsExactly(1.0, 1.0, 0.0);
    assertThat(stats.get(1).revenue()).isEqualByComparingTo("70.05");
    assertThat(stats.get(1).avgRecencyDays()).isEqualTo(200.0);
    assertThat(stats.get(0).avgFrequency()).isEqualTo(3.0);
    assertThat(stats.get(1).avgMonetary()).isEqualByComparingTo("35.03");
    // Each of the four customers of clusters 0 and 1 is 1 from its centre; the singleton sits on its centre.
    assertThat(ClusterQuality.cost(stats)).isEqualTo(4.0);
  }

  @Test
  void daviesBouldinIsTheMeanWorstRatioOfSpreadToCentreDistance() {
    List<ClusterStats> stats = ClusterQuality.stats(scored(), CENTRES);

    // S = 1, 1, 0. Cluster 0: max((1+1)/10, (1+0)/29) = 0.2; cluster 1: max(0.2, 1/19) = 0.2;
    // cluster 2: max(1/29, 1/19) = 1/19.
    assertThat(ClusterQuality.daviesBouldin(stats, CENTRES)).isCloseTo((0.4 + 1.0 / 19) / 3, within(1e-12));
  }

  @Test
  void silhouettePerClusterFollowsSparksDefinitionAndAveragesToTheEvaluatorsValue() {
    Dataset<Row> scored = scored();
    List<ClusterStats> stats = ClusterQuality.stats(scored, CENTRES);

    Map<Integer, Double> byCluster = ClusterQuality.silhouetteByCluster(scored, stats);

    // Point 0: a = 2^2 = 4, b = mean of 10^2 and 12^2 = 122 -> 1 - 4/122; point 2: b = (8^2 + 10^2)/2 = 82.
    // Cluster 1 mirrors cluster 0; the singleton scores 0.
    double pair = (2 - 4.0 / 122 - 4.0 / 82) / 2;
    assertThat(byCluster.get(0)).isCloseTo(pair, within(1e-12));
    assertThat(byCluster.get(1)).isCloseTo(pair, within(1e-12));
    assertThat(byCluster.get(2)).isEqualTo(0.0);
    double overall = ClusterQuality.overallSilhouette(stats, byCluster);
    assertThat(overall).isCloseTo(4 * pair / 5, within(1e-12));
    double evaluator = new ClusteringEvaluator().setFeaturesCol(ClusterColumns.SCALED)
        .setPredictionCol(ClusterColumns.MODEL_INDEX).evaluate(scored);
    assertThat(overall).isCloseTo(evaluator, within(1e-12));
  }
}
