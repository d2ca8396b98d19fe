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
        .select("customer_id", SegmentColumns.VALUE_TIER, SegmentColumns.VALUE_TIER_NAME,
            SegmentColumns.VALUE_TIER_RULE);

    assertThat(values(tiered)).isEqualTo(rows(
        row("a", "big", "大客户", "1: monetary > 100"), row("b", "recent", "近期", "2: recency_days < 30"),
        row("c", "other", "其他", "default"), row("d", "other", "其他", "default")));
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

  private static void assertRejected(String condition, String message) {
    List<TierRule> rules = List.of(new TierRule("vip", "高价值", condition), new TierRule("other", "其他", ""));
    assertThatThrownBy(() -> TierAssignment.validate(customers(), rules))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tier 'vip': condition \"" + condition + "\" " + message);
  }

  @Test
  void aConditionIsComposedAsAnExpressionSoQuotesAndParenthesesInItStayItsOwn() {
    // Pasted into "coalesce(" + when + ", false)" as text, the ')' and the '--' inside the literal would break out.
    List<TierRule> rules = List.of(new TierRule("odd", "奇", "customer_id IN ('a', 'b -- ) x')"),
        new TierRule("other", "其他", ""));

    TierAssignment.validate(customers(), rules);
    assertThat(values(TierAssignment.withValueTier(customers(), rules).select("customer_id",
        SegmentColumns.VALUE_TIER))).isEqualTo(rows(row("a", "odd"), row("b", "other"), row("c", "other"),
            row("d", "other")));
  }

  @Test
  void sqlCommentsInAConditionAreRejectedBeforeAnyJob() {
    assertRejected("monetary > 0 -- big spenders", "contains an SQL comment (-- or /*); a condition is one"
        + " expression: write notes as a HOCON comment (# ...) beside it");
    assertRejected("monetary > 0 /* big */", "contains an SQL comment (-- or /*); a condition is one"
        + " expression: write notes as a HOCON comment (# ...) beside it");
  }

  @Test
  void unbalancedParenthesesAndStatementSeparatorsAreNotOneExpression() {
    assertRejectedStartingWith("(monetary > 100", "is not one Spark SQL expression: ");
    assertRejectedStartingWith("monetary > 100); DROP TABLE customer_segments; SELECT (1",
        "is not one Spark SQL expression: ");
    assertRejectedStartingWith("monetary > 100; SELECT 1", "is not one Spark SQL expression: ");
  }

  @Test
  void callsOfJavaMethodsAreRejectedAsSuch() {
    assertRejected("reflect('java.lang.System', 'getenv', 'HOME') IS NOT NULL",
        "calls a Java method (reflect / java_method), which rules may not do");
    assertRejected("java_method('java.lang.Math', 'abs', monetary) > 0",
        "calls a Java method (reflect / java_method), which rules may not do");
  }

  @Test
  void conditionsOnPersonalDataColumnsAreRejectedNamingTheColumn() {
    StructType schema = SCHEMA.add("phone", DataTypes.StringType);
    Dataset<Row> customers = Fixtures.table(schema, row("a", 200, 10, "13800001111"));
    List<TierRule> rules = List.of(new TierRule("vip", "高价值", "monetary > 100 AND phone LIKE '138%'"),
        new TierRule("other", "其他", ""));

    assertThatThrownBy(() -> TierAssignment.validate(customers, rules, "phone"::equals))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tier 'vip': condition \"monetary > 100 AND phone LIKE '138%'\" reads the personal-data column"
            + " phone; rules may not classify customers by name, phone or id number");
  }

  private static void assertRejectedStartingWith(String condition, String message) {
    List<TierRule> rules = List.of(new TierRule("vip", "高价值", condition), new TierRule("other", "其他", ""));
    assertThatThrownBy(() -> TierAssignment.validate(customers(), rules))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tier 'vip': condition \"" + condition + "\" " + message);
  }

  @Test
  void subqueriesAreRejectedNamingTheRule() {
    assertRejected("monetary > (SELECT 100)",
        "contains a subquery; a condition may only use the customer's own columns");
    assertRejected("EXISTS (SELECT 1)", "contains a subquery; a condition may only use the customer's own columns");
    assertRejected("monetary IN (SELECT 1)",
        "contains a subquery; a condition may only use the customer's own columns");
  }

  @Test
  void aggregateAndWindowFunctionsAreRejectedNamingTheRule() {
    assertRejected("sum(monetary) > 100",
        "uses an aggregate or window function; a condition looks at one customer at a time");
    assertRejected("row_number() OVER (ORDER BY monetary) <= 10",
        "uses an aggregate or window function; a condition looks at one customer at a time");
  }

  @Test
  void customersComputedByAggregatesAndWindowsAreFineForPlainConditions() {
    Dataset<Row> aggregated = customers().groupBy("customer_id")
        .agg(org.apache.spark.sql.functions.max("monetary").as("monetary"))
        .withColumn("rank", org.apache.spark.sql.functions.row_number()
            .over(org.apache.spark.sql.expressions.Window.partitionBy("customer_id").orderBy("monetary")));

    List<TierRule> rules = List.of(new TierRule("vip", "高价值", "monetary > 100 AND rank = 1"),
        new TierRule("other", "其他", ""));

    TierAssignment.validate(aggregated, rules);
    assertThat(values(TierAssignment.withValueTier(aggregated, rules)
        .select("customer_id", SegmentColumns.VALUE_TIER, SegmentColumns.VALUE_TIER_RULE)))
        .isEqualTo(rows(row("a", "vip", "1: monetary > 100 AND rank = 1"), row("b", "other", "default"),
            row("c", "other", "default"), row("d", "other", "default")));
  }

  @Test
  void clockDependentAndOtherNonDeterministicFunctionsAreRejectedNamingTheRule() {
    assertRejected("date_add(current_date(), recency_days) > DATE'2025-01-01'",
        "depends on the day the job runs (current_date); use the columns measured to the snapshot date, e.g."
            + " recency_days, tenure_days");
    assertRejected("uuid() = 'x'", "is not deterministic; a rerun would assign different tiers");
  }

  @Test
  void conditionsMayUseCustomerAttributesLikeIndustryCompanySizeAndChannel() {
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType)
        .add("monetary", DataTypes.IntegerType)
        .add("industry", DataTypes.StringType)
        .add("company_size", DataTypes.StringType)
        .add("channel", DataTypes.StringType);
    Dataset<Row> customers = Fixtures.table(schema,
        row("a", 500, "制造", "大型", "直销"), row("b", 500, "零售", "小微", "线上"), row("c", 50, "零售", "小微", "线上"),
        row("d", 50, null, null, null));
    List<TierRule> rules = List.of(
        new TierRule("key_account", "重点大客户", "company_size = '大型' AND industry IN ('制造', '能源')"),
        new TierRule("online_big", "线上高消费", "channel = '线上' AND monetary >= 100"),
        new TierRule("other", "其他", ""));

    TierAssignment.validate(customers, rules);
    Dataset<Row> tiered = TierAssignment.withValueTier(customers, rules)
        .select("customer_id", SegmentColumns.VALUE_TIER, SegmentColumns.VALUE_TIER_RULE);

    assertThat(values(tiered)).isEqualTo(rows(
        row("a", "key_account", "1: company_size = '大型' AND industry IN ('制造', '能源')"),
        row("b", "online_big", "2: channel = '线上' AND monetary >= 100"),
        row("c", "other", "default"), row("d", "other", "default")));
  }
}
