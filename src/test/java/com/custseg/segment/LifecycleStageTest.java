package com.custseg.segment;

import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.TierRule;
import com.custseg.features.RfmColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LifecycleStageTest {
  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add(RfmColumns.IS_BUYER, DataTypes.BooleanType)
      .add(RfmColumns.TENURE_DAYS, DataTypes.IntegerType)
      .add(RfmColumns.RECENCY_DAYS, DataTypes.IntegerType);

  private static final List<TierRule> PUBLISHED = TestConfigs.reference().lifecycle();

  @Test
  void thePublishedRulesGiveEachCustomerOneStageAtTheBoundariesOfTheirDayCounts() {
    Dataset<Row> customers = Fixtures.table(SCHEMA,
        row("a", false, null, null),   // never bought
        row("b", true, 90, 10),        // first purchase 90 days ago: still new
        row("c", true, 91, 90),        // bought 90 days ago, customer for longer: active
        row("d", true, 400, 91),
        row("e", true, 400, 180),
        row("f", true, 400, 181),
        row("g", true, 400, 365),
        row("h", true, 800, 366));

    Dataset<Row> staged = LifecycleStage.withLifecycleStage(customers, PUBLISHED).select("customer_id",
        SegmentColumns.LIFECYCLE_STAGE, SegmentColumns.LIFECYCLE_STAGE_NAME, SegmentColumns.LIFECYCLE_STAGE_RULE);

    assertThat(values(staged)).isEqualTo(rows(
        row("a", "prospect", "潜在客户", "1: NOT is_buyer"),
        row("b", "new", "新客户", "2: tenure_days <= 90"),
        row("c", "active", "活跃客户", "3: recency_days <= 90"),
        row("d", "at_risk", "流失预警", "4: recency_days <= 180"),
        row("e", "at_risk", "流失预警", "4: recency_days <= 180"),
        row("f", "lapsed", "沉默客户", "5: recency_days <= 365"),
        row("g", "lapsed", "沉默客户", "5: recency_days <= 365"),
        row("h", "lost", "已流失", "default")));
  }

  @Test
  void aStageConditionOnAnUnknownColumnIsRejectedNamingTheStage() {
    List<TierRule> rules = List.of(new TierRule("active", "活跃", "days_since_last < 90"),
        new TierRule("lost", "已流失", ""));

    assertThatThrownBy(() -> LifecycleStage.validate(Fixtures.table(SCHEMA), rules))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("lifecycle stage 'active': condition \"days_since_last < 90\" does not resolve"
            + " against the customer columns customer_id, is_buyer, tenure_days, recency_days");
  }

  @Test
  void aNonBooleanStageConditionIsRejectedNamingTheStage() {
    List<TierRule> rules = List.of(new TierRule("active", "活跃", "recency_days"), new TierRule("lost", "已流失", ""));

    assertThatThrownBy(() -> LifecycleStage.validate(Fixtures.table(SCHEMA), rules))
        .isInstanceOf(ConfigException.class)
        .hasMessage("lifecycle stage 'active': condition \"recency_days\" must be a boolean expression, but it is int");
  }

  @Test
  void aRandomStageConditionIsRejectedNamingTheStage() {
    List<TierRule> rules = List.of(new TierRule("active", "活跃", "rand() < 0.5"), new TierRule("lost", "已流失", ""));

    assertThatThrownBy(() -> LifecycleStage.validate(Fixtures.table(SCHEMA), rules))
        .isInstanceOf(ConfigException.class)
        .hasMessage("lifecycle stage 'active': condition \"rand() < 0.5\" is not deterministic; a rerun would assign"
            + " different lifecycle stages");
  }
}
