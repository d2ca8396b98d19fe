package com.custseg.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.JobConfig;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The published loyalty rules, and the published tier rules' use of complaints and attitude. */
class CustomerDimensionsTest {
  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType).add("frequency", DataTypes.LongType)
      .add("recency_days", DataTypes.IntegerType).add("tenure_days", DataTypes.IntegerType)
      .add("frequency_repeat", DataTypes.LongType).add("r_score", DataTypes.IntegerType)
      .add("f_score", DataTypes.IntegerType).add("m_score", DataTypes.IntegerType)
      .add("complaints_365d", DataTypes.LongType).add("attitude", DataTypes.StringType)
      .add("lifecycle_stage", DataTypes.StringType);

  /**
   * A: a VIP without complaints; B: the same scores with two complaints; C: an active customer of middling scores
   * with negative ratings; D: the same without feedback (sources absent: complaints null, attitude unknown).
   */
  private static Dataset<Row> customers() {
    return Fixtures.table(SCHEMA,
        Fixtures.row("A", 8L, 10, 400, 5L, 5, 5, 5, 0L, "positive", "active"),
        Fixtures.row("B", 8L, 10, 400, 5L, 5, 5, 5, 2L, "positive", "active"),
        Fixtures.row("C", 2L, 20, 100, 0L, 4, 2, 2, null, "negative", "active"),
        Fixtures.row("D", 2L, 20, 100, 1L, 4, 2, 2, null, "unknown", "active"));
  }

  @Test
  void aVipWithComplaintsIsKeyMaintainAndANegativeActiveCustomerIsChurnRisk() {
    JobConfig config = TestConfigs.reference();

    Dataset<Row> tiered = TierAssignment.withValueTier(customers(), config.tiers());

    assertThat(Fixtures.values(tiered.select("customer_id", SegmentColumns.VALUE_TIER))).isEqualTo(Fixtures.rows(
        Fixtures.row("A", "vip"), Fixtures.row("B", "key_maintain"), Fixtures.row("C", "churn_risk"),
        Fixtures.row("D", "potential")));
  }

  @Test
  void loyaltyCombinesRepeatPurchasesTenureAttitudeAndComplaints() {
    JobConfig config = TestConfigs.reference();
    CustomerDimensions.validateLoyalty(customers(), config.loyalty(), column -> false);

    Dataset<Row> result = CustomerDimensions.withLoyalty(customers(), config.loyalty());

    assertThat(Fixtures.values(result.select("customer_id", SegmentColumns.LOYALTY, SegmentColumns.LOYALTY_NAME)))
        .isEqualTo(Fixtures.rows(Fixtures.row("A", "high", "高"), Fixtures.row("B", "medium", "中"),
            Fixtures.row("C", "low", "低"), Fixtures.row("D", "medium", "中")));
  }
}
