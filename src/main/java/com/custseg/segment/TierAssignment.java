package com.custseg.segment;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.ConfigException;
import com.custseg.config.TierRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.UnresolvedWindowExpression;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Assigns each customer the first value tier whose condition holds (the default tier when none does). The same
 * first-match engine, and the same checks of the conditions, serve the lifecycle stages ({@link LifecycleStage}).
 */
public final class TierAssignment {
  /** Value of the *_rule column for customers no rule matched. */
  public static final String DEFAULT_RULE = "default";
  /** A string literal or quoted identifier of Spark SQL, which may hold comment markers as text. */
  private static final Pattern STRING_LITERAL = Pattern.compile(
      "'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`");
  private static final Pattern SQL_COMMENT = Pattern.compile("--|/\\*");
  /** Functions whose value depends on when the job runs, not on the snapshot. */
  private static final Set<String> CLOCK_FUNCTIONS = Set.of("CurrentDate", "CurrentTimestamp", "Now",
      "LocalTimestamp", "CurrentTime", "CurrentBatchTimestamp");

  /**
   * Checks every tier condition against the columns the rules will see, without running a job. The error names the
   * tier.
   */
  public static void validate(Dataset<Row> customers, List<TierRule> rules) {
    validate(customers, rules, "tier", column -> false);
  }

  /** As {@link #validate(Dataset, List)}, also rejecting conditions that read a personal-data column. */
  public static void validate(Dataset<Row> customers, List<TierRule> rules, Predicate<String> personalData) {
    validate(customers, rules, "tier", personalData);
  }

  /**
   * Checks every rule's condition: no subquery, resolves against the columns of {@code customers}, no aggregate or
   * window function (a rule looks at one customer), boolean, no call of a Java method, deterministic, independent of
   * the clock, and no personal-data column (name, phone, id number: segmentation.privacy.pii-columns).
   *
   * @param kind how the error names a rule, e.g. "tier" gives "tier 'vip': ..."
   * @param personalData whether a column holds personal data
   */
  public static void validate(Dataset<Row> customers, List<TierRule> rules, String kind,
      Predicate<String> personalData) {
    for (TierRule rule : rules) {
      if (rule.isDefault()) {
        continue;
      }
      String what = kind + " '" + rule.code() + "': condition \"" + rule.when() + "\"";
      Expression resolved = checked(customers, what, rule.when(), kind, personalData);
      if (!resolved.dataType().equals(DataTypes.BooleanType)) {
        throw new ConfigException(what + " must be a boolean expression, but it is "
            + resolved.dataType().simpleString());
      }
    }
  }

  /** As {@link #checked(Dataset, String, String, String, Predicate)}, with no column counted as personal data. */
  public static Expression checked(Dataset<Row> customers, String what, String expression, String kind) {
    return checked(customers, what, expression, kind, column -> false);
  }

  /**
   * Checks one expression a user wrote over the customer columns, without running a job, and returns it resolved:
   * one expression (no SQL comment, no statement separator), no subquery, resolves against the columns of
   * {@code customers}, no aggregate or window function (it looks at one customer), no Java method called by
   * reflection, no personal-data column, deterministic and independent of the clock. The other rule lists written in
   * config (the playbook) check their conditions and priorities with it.
   *
   * @param what how the error names the expression, e.g. tier 'vip': condition "..."
   * @param kind what the expression assigns, e.g. "tier"
   * @param personalData whether a column holds personal data
   */
  public static Expression checked(Dataset<Row> customers, String what, String expression, String kind,
      Predicate<String> personalData) {
    if (SQL_COMMENT.matcher(STRING_LITERAL.matcher(expression).replaceAll("''")).find()) {
      throw new ConfigException(what + " contains an SQL comment (-- or /*); a condition is one expression: write"
          + " notes as a HOCON comment (# ...) beside it");
    }
    Expression parsed;
    try {
      parsed = CatalystSqlParser$.MODULE$.parseExpression(expression);
    } catch (Exception e) { // ParseException is thrown undeclared by Scala code
      throw new ConfigException(what + " is not one Spark SQL expression: " + firstLine(e.getMessage()), e);
    }
    if (!nodes(parsed, SubqueryExpression.class).isEmpty()) {
      throw new ConfigException(what + " contains a subquery; a condition may only use the customer's own columns");
    }
    boolean window = !nodes(parsed, WindowExpression.class).isEmpty()
        || !nodes(parsed, UnresolvedWindowExpression.class).isEmpty();
    LogicalPlan plan;
    try {
      plan = customers.select(expr(expression)).queryExecution().analyzed();
    } catch (Exception e) { // AnalysisException is thrown undeclared by Scala code
      throw new ConfigException(what + " does not resolve against the customer columns "
          + String.join(", ", customers.columns()) + ": " + firstLine(e.getMessage()), e);
    }
    // Only the top of the plan is the rule's: the customers' own plan below may well aggregate.
    if (window || plan instanceof Aggregate) {
      throw new ConfigException(what + " uses an aggregate or window function; a condition looks at one customer"
          + " at a time");
    }
    Expression resolved = plan.expressions().head();
    if (!nodes(resolved, CallMethodViaReflection.class).isEmpty()) {
      throw new ConfigException(what + " calls a Java method (reflect / java_method), which rules may not do");
    }
    List<String> personal = CollectionConverters.asJava(resolved.references().toSeq()).stream()
        .map(a -> a.name()).filter(personalData).distinct().toList();
    if (!personal.isEmpty()) {
      throw new ConfigException(what + " reads the personal-data column " + String.join(", ", personal)
          + "; rules may not classify customers by name, phone or id number");
    }
    if (!resolved.deterministic()) {
      throw new ConfigException(what + " is not deterministic; a rerun would assign different " + kind + "s");
    }
    List<Expression> clock = nodes(resolved, Expression.class).stream()
        .filter(e -> CLOCK_FUNCTIONS.contains(e.getClass().getSimpleName())).toList();
    if (!clock.isEmpty()) {
      throw new ConfigException(what + " depends on the day the job runs (" + clock.get(0).prettyName()
          + "); use the columns measured to the snapshot date, e.g. recency_days, tenure_days");
    }
    // The top node is the alias Spark puts over a selected expression.
    return resolved instanceof Alias alias ? alias.child() : resolved;
  }

  /** Adds value_tier, value_tier_name and value_tier_rule; rules are in precedence order and end with the default. */
  public static Dataset<Row> withValueTier(Dataset<Row> customers, List<TierRule> rules) {
    return withFirstMatch(customers, rules, SegmentColumns.VALUE_TIER, SegmentColumns.VALUE_TIER_NAME,
        SegmentColumns.VALUE_TIER_RULE);
  }

  /**
   * Adds the code, name and rule ("n: condition", n from 1, or "default") of the first rule whose condition holds;
   * a condition that is null counts as false.
   */
  static Dataset<Row> withFirstMatch(Dataset<Row> customers, List<TierRule> rules, String codeColumn,
      String nameColumn, String ruleColumn) {
    Column code = null;
    Column name = null;
    Column matched = null;
    TierRule fallback = rules.get(rules.size() - 1);
    for (int i = 0; i < rules.size(); i++) {
      TierRule rule = rules.get(i);
      if (rule.isDefault()) {
        continue;
      }
      // The condition is parsed alone and composed as an expression: its text is never pasted into other SQL.
      Column matches = coalesce(expr(rule.when()), lit(false));
      String label = (i + 1) + ": " + rule.when();
      code = code == null ? when(matches, lit(rule.code())) : code.when(matches, lit(rule.code()));
      name = name == null ? when(matches, lit(rule.name())) : name.when(matches, lit(rule.name()));
      matched = matched == null ? when(matches, lit(label)) : matched.when(matches, lit(label));
    }
    return customers
        .withColumn(codeColumn, code == null ? lit(fallback.code()) : code.otherwise(lit(fallback.code())))
        .withColumn(nameColumn, name == null ? lit(fallback.name()) : name.otherwise(lit(fallback.name())))
        .withColumn(ruleColumn, matched == null ? lit(DEFAULT_RULE) : matched.otherwise(lit(DEFAULT_RULE)));
  }

  /** Every node of an expression tree of the given type, the root included. */
  private static <T> List<T> nodes(Expression root, Class<T> type) {
    List<T> found = new ArrayList<>();
    List<Expression> stack = new ArrayList<>(List.of(root));
    while (!stack.isEmpty()) {
      Expression e = stack.remove(stack.size() - 1);
      if (type.isInstance(e)) {
        found.add(type.cast(e));
      }
      stack.addAll(CollectionConverters.asJava(e.children()));
    }
    return found;
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
