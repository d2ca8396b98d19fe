package com.custseg.features;

import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.RfmConfig;
import com.custseg.io.CustomerColumns;
import com.custseg.io.TransactionColumns;
import com.custseg.region.RegionColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestSpark;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class QuantileScoresTest {
  private static final StructType FEATURES = new StructType()
      .add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType)
      .add(RegionColumns.REGION_CODE, DataTypes.StringType)
      .add(RfmColumns.RECENCY_DAYS, DataTypes.IntegerType)
      .add(RfmColumns.FREQUENCY, DataTypes.LongType)
      .add(RfmColumns.MONETARY, TransactionColumns.MONEY)
      .add(RfmColumns.IS_BUYER, DataTypes.BooleanType);

  /** Customer i (1..10) bought i times, spent 100*i, last 10*i days ago; n0 never bought. */
  private static Dataset<Row> tenBuyersAndANonBuyer(String regionOfOdd, String regionOfEven) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rows.add(row(String.format("c%02d", i), i % 2 == 1 ? regionOfOdd : regionOfEven, 10 * i, (long) i,
          new BigDecimal(100 * i + ".00"), true));
    }
    rows.add(row("n0", regionOfOdd, null, 0L, new BigDecimal("0.00"), false));
    return Fixtures.table(FEATURES, rows.toArray(Object[][]::new));
  }

  private static Dataset<Row> scored(Dataset<Row> features, RfmConfig config) {
    return QuantileScores.withScores(features, QuantileScores.cutPoints(features, config), config)
        .select(CustomerColumns.CUSTOMER_ID, RfmColumns.R_SCORE, RfmColumns.F_SCORE, RfmColumns.M_SCORE,
            RfmColumns.RFM_SCORE);
  }

  @Test
  void quintileScoresGiveTwoOfTenBuyersEachScoreAndRecentBuyersScoreHigh() {
    Dataset<Row> result = scored(tenBuyersAndANonBuyer("east", "east"), new RfmConfig(5, 0.001, false, false));

    assertThat(values(result)).isEqualTo(rows(
        row("c01", 5, 1, 1, "511"), row("c02", 5, 1, 1, "511"),
        row("c03", 4, 2, 2, "422"), row("c04", 4, 2, 2, "422"),
        row("c05", 3, 3, 3, "333"), row("c06", 3, 3, 3, "333"),
        row("c07", 2, 4, 4, "244"), row("c08", 2, 4, 4, "244"),
        row("c09", 1, 5, 5, "155"), row("c10", 1, 5, 5, "155"),
        row("n0", null, null, null, null)));
  }

  @Test
  void withinRegionScoringCutsEachRegionOnItsOwn() {
    // Odd customers in north, even in south: within each region of five buyers, each buyer gets its own score.
    Dataset<Row> result = scored(tenBuyersAndANonBuyer("north", "south"), new RfmConfig(5, 0.001, true, false));

    assertThat(values(result.select(CustomerColumns.CUSTOMER_ID, RfmColumns.F_SCORE))).isEqualTo(rows(
        row("c01", 1), row("c02", 1), row("c03", 2), row("c04", 2), row("c05", 3), row("c06", 3),
        row("c07", 4), row("c08", 4), row("c09", 5), row("c10", 5), row("n0", null)));
  }

  /**
   * Heavy ties through Spark: of 40 buyers, 20 bought once, 6 twice, 5 three times, 5 four times and 4 five times.
   * Plain quintile cut points would be (1, 1, 2, 4), so nobody would get f_score 2; with the tie rule every score is
   * given, the 20 single-order buyers all share score 1 and each order count has its own score.
   */
  @Test
  void halfTheBuyersWithOneOrderShareTheLowestScoreAndNoScoreIsSkipped() {
    List<Object[]> rows = new ArrayList<>();
    int[] buyersWithOrders = {0, 20, 6, 5, 5, 4};
    int n = 0;
    for (int orders = 1; orders <= 5; orders++) {
      for (int i = 0; i < buyersWithOrders[orders]; i++) {
        n++;
        rows.add(row(String.format("c%02d", n), "east", n, (long) orders, new BigDecimal(n + ".00"), true));
      }
    }
    Dataset<Row> features = Fixtures.table(FEATURES, rows.toArray(Object[][]::new));

    Dataset<Row> byScore = scored(features, new RfmConfig(5, 0.001, false, false))
        .join(features, CustomerColumns.CUSTOMER_ID)
        .groupBy(RfmColumns.F_SCORE)
        .agg(org.apache.spark.sql.functions.min(RfmColumns.FREQUENCY), org.apache.spark.sql.functions.max(
            RfmColumns.FREQUENCY), org.apache.spark.sql.functions.count("*"));

    assertThat(values(byScore)).isEqualTo(rows(
        row(1, 1L, 1L, 20L), row(2, 2L, 2L, 6L), row(3, 3L, 3L, 5L), row(4, 4L, 4L, 5L), row(5, 5L, 5L, 4L)));
  }

  @Test
  void theSameBuyersGiveTheSameCutPointsWhateverTheirPartitioning() {
    // 200,000 buyers: enough for the approximate quantiles' sketches to compress (they are exact on small inputs).
    Dataset<Row> buyers = TestSpark.session().range(200_000).selectExpr(
        "concat('C', id) AS customer_id", "'east' AS region_code", "true AS is_buyer",
        "CAST(pmod(xxhash64(id, 1), 730) AS INT) AS recency_days",
        "CAST(1 + pmod(xxhash64(id, 2), 40) AS BIGINT) AS frequency",
        "CAST(pmod(xxhash64(id, 3), 1000000) / 100 AS DECIMAL(18,2)) AS monetary");
    RfmConfig config = new RfmConfig(5, 0.001, false, false);

    List<Row> one = QuantileScores.cutPoints(buyers.repartition(1), config).collectAsList();
    List<Row> seven = QuantileScores.cutPoints(buyers.repartition(7).sortWithinPartitions("monetary"), config)
        .collectAsList();

    assertThat(seven).isEqualTo(one);
  }
}
