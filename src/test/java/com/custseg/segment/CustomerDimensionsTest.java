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

/** The published loyalty and motive rules, and the published tier rules' use of complaints and attitude. */
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

  private static final StructType MOTIVE_SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType).add("is_buyer", DataTypes.BooleanType)
      .add("frequency_repeat", DataTypes.LongType).add("discount_share", DataTypes.DoubleType)
      .add("price_level", DataTypes.DoubleType).add("brand_concentration", DataTypes.DoubleType);

  @Test
  void motiveIsTheFirstPublishedRuleThatHoldsWithDiscountsBeforeBrandsBeforePrices() {
    JobConfig config = TestConfigs.reference();
    Dataset<Row> customers = Fixtures.table(MOTIVE_SCHEMA,
        // No purchase.
        Fixtures.row("A", false, null, null, null, null),
        // Half the spend at a discount, though loyal to one brand: price first.
        Fixtures.row("B", true, 5L, 0.5, 0.9, 1.0),
        // Without discounts in the source, a cheap buyer is price-sensitive.
        Fixtures.row("C", true, 0L, null, 0.25, null),
        // Three purchase days on one brand (0.8), some discounts.
        Fixtures.row("D", true, 2L, 0.3, 0.5, 0.8),
        // One brand but a single purchase day: not yet loyal; top prices, few discounts.
        Fixtures.row("E", true, 1L, 0.1, 0.7, 1.0),
        // Top prices but discounts of 0.2: none of the rules.
        Fixtures.row("F", true, 3L, 0.2, 0.9, 0.5),
        // Cheap, but discounts are known and below half.
        Fixtures.row("G", true, 3L, 0.49, 0.1, 0.79));
    CustomerDimensions.validateMotive(customers, config.motive(), column -> false);

    Dataset<Row> result = CustomerDimensions.withMotive(customers, config.motive());

    assertThat(Fixtures.values(result.select("customer_id", SegmentColumns.MOTIVE, SegmentColumns.MOTIVE_NAME,
        SegmentColumns.MOTIVE_RULE))).isEqualTo(Fixtures.rows(
        Fixtures.row("A", "unknown", "未知", "1: NOT is_buyer"),
        Fixtures.row("B", "price_sensitive", "价格敏感型",
            "2: discount_share >= 0.5 OR (discount_share IS NULL AND price_level <= 0.25)"),
        Fixtures.row("C", "price_sensitive", "价格敏感型",
            "2: discount_share >= 0.5 OR (discount_share IS NULL AND price_level <= 0.25)"),
        Fixtures.row("D", "brand_loyal", "品牌忠诚型", "3: brand_concentration >= 0.8 AND frequency_repeat >= 2"),
        Fixtures.row("E", "quality_seeking", "品质追求型",
            "4: price_level >= 0.7 AND coalesce(discount_share, 0) < 0.2"),
        Fixtures.row("F", "mixed", "混合型", "default"),
        Fixtures.row("G", "mixed", "混合型", "default")));
  }
}
