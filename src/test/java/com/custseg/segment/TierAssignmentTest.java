package com.custseg.segment;

import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.TierRule;
import com.custseg.testing.Fixtures;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TierAssignmentTest {
  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("monetary", DataTypes.IntegerType)
      .add("recency_days", DataTypes.IntegerType);

  private static final List<TierRule> RULES = List.of(
      new TierRule("big", "大客户", "monetary > 100"),
      new TierRule("recent", "近期", "recency_days < 30"),
      new TierRule("other", "其他", ""));

  private static Dataset<Row> customers() {
    return Fixtures.table(SCHEMA,
        row("a", 200, 10),    // matches both rules: the first wins
        row("b", 50, 10),     // only the second
        row("c", 50, 100),    // none: default
        row("d", null, 100)); // a null condition counts as false
  }

  @Test
  void theFirstMatchingRuleWinsAndUnmatchedCustomersGetTheDefault() {
    Dataset<Row> tiered = TierAssignment.withValueTier(customers(), RULES)
        .select("customer_id", SegmentColumns.VALUE_TIER, SegmentColumns.VALUE_TIER_NAME);

    assertThat(values(tiered)).isEqualTo(rows(
        row("a", "big", "大客户"), row("b", "recent", "近期"), row("c", "other", "其他"), row("d", "other", "其他")));
  }

  @Test
  void aConditionOnAnUnknownColumnIsRejectedNamingTheRule() {
    List<TierRule> rules = List.of(new TierRule("vip", "高价值", "spend > 100"), new TierRule("other", "其他", ""));

    assertThatThrownBy(() -> TierAssignment.validate(customers(), rules))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tier 'vip': condition \"spend > 100\" does not resolve against the customer columns"
            + " customer_id, monetary, recency_days");
  }

  @Test
  void aNonBooleanConditionIsRejectedNamingTheRule() {
    List<TierRule> rules = List.of(new TierRule("vip", "高价值", "monetary + 1"), new TierRule("other", "其他", ""));

    assertThatThrownBy(() -> TierAssignment.validate(customers(), rules))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tier 'vip': condition \"monetary + 1\" must be a boolean expression, but it is int");
  }

  @Test
  void aNonDeterministicConditionIsRejected() {
    List<TierRule> rules = List.of(new TierRule("lucky", "幸运", "rand() > 0.5"), new TierRule("other", "其他", ""));

    assertThatThrownBy(() -> TierAssignment.validate(customers(), rules))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tier 'lucky': condition \"rand() > 0.5\" is not deterministic; a rerun would assign different"
            + " tiers");
  }
}
