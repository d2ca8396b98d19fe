package com.custseg.segment;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.ConfigException;
import com.custseg.config.TierRule;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataTypes;

/** Assigns each customer the first value tier whose condition holds (the default tier when none does). */
public final class TierAssignment {

  /**
   * Checks every rule against the columns the rules will see, without running a job: the condition must resolve,
   * be boolean and be deterministic. The error names the rule.
   */
  public static void validate(Dataset<Row> customers, List<TierRule> rules) {
    for (TierRule rule : rules) {
      if (rule.isDefault()) {
        continue;
      }
      LogicalPlan plan;
      try {
        plan = customers.select(expr(rule.when())).queryExecution().analyzed();
      } catch (Exception e) { // AnalysisException is thrown undeclared by Scala code
        throw new ConfigException("tier '" + rule.code() + "': condition \"" + rule.when()
            + "\" does not resolve against the customer columns " + String.join(", ", customers.columns())
            + ": " + firstLine(e.getMessage()), e);
      }
      Expression resolved = plan.expressions().head();
      if (!resolved.dataType().equals(DataTypes.BooleanType)) {
        throw new ConfigException("tier '" + rule.code() + "': condition \"" + rule.when()
            + "\" must be a boolean expression, but it is " + resolved.dataType().simpleString());
      }
      if (!resolved.deterministic()) {
        throw new ConfigException("tier '" + rule.code() + "': condition \"" + rule.when()
            + "\" is not deterministic; a rerun would assign different tiers");
      }
    }
  }

  /** Adds value_tier and value_tier_name; rules are in precedence order and end with the default. */
  public static Dataset<Row> withValueTier(Dataset<Row> customers, List<TierRule> rules) {
    Column code = null;
    Column name = null;
    TierRule fallback = rules.get(rules.size() - 1);
    for (TierRule rule : rules) {
      if (rule.isDefault()) {
        continue;
      }
      Column matches = expr("coalesce(" + rule.when() + ", false)");
      code = code == null ? when(matches, lit(rule.code())) : code.when(matches, lit(rule.code()));
      name = name == null ? when(matches, lit(rule.name())) : name.when(matches, lit(rule.name()));
    }
    Column tierCode = code == null ? lit(fallback.code()) : code.otherwise(lit(fallback.code()));
    Column tierName = name == null ? lit(fallback.name()) : name.otherwise(lit(fallback.name()));
    return customers
        .withColumn(SegmentColumns.VALUE_TIER, tierCode)
        .withColumn(SegmentColumns.VALUE_TIER_NAME, tierName);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private TierAssignment() {}
}
