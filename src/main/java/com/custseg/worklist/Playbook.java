package com.custseg.worklist;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.ConfigException;
import com.custseg.config.PlaybookAction;
import com.custseg.io.OutputTables;
import com.custseg.segment.TierAssignment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * The playbook (segmentation.playbook): the first rule whose condition holds gives the customer an action, its
 * channel, due date, offer and priority. Rules are data: checked against the columns of customer_segments before
 * any input is read ({@link #check}) and reported by their config key.
 */
public final class Playbook {
  /** {column} in an offer template. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
  /** Working column: the position (0-based) of the rule that matched. */
  static final String RULE_INDEX = "_playbook_rule";

  /**
   * Checks every rule against the columns the playbook will see ({@code segments}: customer_segments' shape),
   * without running a job: each condition as the tier conditions are checked (resolves, boolean, one customer at a
   * time, deterministic, no clock, no reflection), each priority the same way but numeric, each offer placeholder a
   * column. A rule that can never match is an error too: after a rule whose condition is always true, with the same
   * condition as an earlier rule (compared as Spark compares expressions: {@code a AND b} equals {@code b AND a}),
   * or with a condition that is constantly false or null. Errors start with the rule's key.
   */
  public static void check(Dataset<Row> segments, List<PlaybookAction> actions) {
    List<Expression> earlier = new ArrayList<>();
    PlaybookAction alwaysTrue = null;
    for (PlaybookAction action : actions) {
      String prefix = action.key() + ": action '" + action.code() + "': ";
      if (!action.isDefault()) {
        String what = prefix + "condition \"" + action.when() + "\"";
        Expression condition = TierAssignment.checked(segments, what, action.when(), "action");
        if (!condition.dataType().equals(DataTypes.BooleanType)) {
          throw new ConfigException(what + " must be a boolean expression, but it is "
              + condition.dataType().simpleString());
        }
        if (alwaysTrue != null) {
          throw new ConfigException(what + " is unreachable: the earlier rule " + alwaysTrue.key() + " ('"
              + alwaysTrue.code() + "', \"" + alwaysTrue.when() + "\") matches every customer");
        }
        for (int i = 0; i < earlier.size(); i++) {
          if (condition.semanticEquals(earlier.get(i))) {
            PlaybookAction first = actions.get(i);
            throw new ConfigException(what + " is unreachable: the earlier rule " + first.key() + " ('"
                + first.code() + "') has the same condition");
          }
        }
        if (condition.foldable()) {
          Object value = condition.eval(null);
          if (!Boolean.TRUE.equals(value)) {
            throw new ConfigException(what + " is unreachable: it is always " + value);
          }
          alwaysTrue = action;
        }
        earlier.add(condition);
      }
      String priority = prefix + "priority \"" + action.priority() + "\"";
      Expression value = TierAssignment.checked(segments, priority, action.priority(), "priority");
      if (!(value.dataType() instanceof NumericType)) {
        throw new ConfigException(priority + " must be numeric, but it is " + value.dataType().simpleString());
      }
      List<String> columns = Arrays.asList(segments.columns());
      Matcher m = PLACEHOLDER.matcher(action.offer());
      while (m.find()) {
        if (!columns.contains(m.group(1))) {
          throw new ConfigException(prefix + "offer \"" + action.offer() + "\" names {" + m.group(1)
              + "}, which is not a column of customer_segments: " + String.join(", ", columns));
        }
      }
    }
  }

  /**
   * Adds the playbook's columns: action, action_name, channel, due_date (snapshot_date + cadence), offer (its
   * template filled in), priority (decimal, 2 places; null when the expression is null), the rule that matched (in
   * words) and whether the customer is listed (action not none). A condition that is null counts as false.
   */
  public static Dataset<Row> withAction(Dataset<Row> segments, List<PlaybookAction> actions) {
    Column index = lit(actions.size() - 1);
    for (int i = actions.size() - 2; i >= 0; i--) {
      index = when(coalesce(expr(actions.get(i).when()), lit(false)), lit(i)).otherwise(index);
    }
    Dataset<Row> indexed = segments.withColumn(RULE_INDEX, index);
    return indexed
        .withColumn(ActionList.ACTION, pick(actions, a -> lit(a.code())))
        .withColumn(ActionList.ACTION_NAME, pick(actions, a -> lit(a.name())))
        .withColumn(ActionList.CHANNEL, pick(actions, a -> lit(a.channel())))
        .withColumn(ActionList.DUE_DATE, pick(actions, a -> date_add(col(OutputTables.SNAPSHOT_DATE),
            a.cadenceDays())))
        .withColumn(ActionList.OFFER, pick(actions, a -> offer(a.offer())))
        .withColumn(ActionList.PRIORITY, pick(actions, a -> round(expr(a.priority()).cast(DataTypes.DoubleType), 2)
            .cast(ActionList.PRIORITY_TYPE)))
        .withColumn(ActionList.RULE, pick(actions, a -> lit(a.label())))
        .withColumn(ActionList.LISTED, pick(actions, a -> lit(a.isListed())))
        .drop(RULE_INDEX);
  }

  /** The value of the rule that matched. */
  private static Column pick(List<PlaybookAction> actions, Function<PlaybookAction, Column> value) {
    Column picked = value.apply(actions.get(actions.size() - 1));
    for (int i = actions.size() - 2; i >= 0; i--) {
      picked = when(col(RULE_INDEX).equalTo(i), value.apply(actions.get(i))).otherwise(picked);
    }
    return picked;
  }

  /** The template with each {column} replaced by the customer's value of it ("" when null). */
  static Column offer(String template) {
    List<Column> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    while (m.find()) {
      parts.add(lit(template.substring(at, m.start())));
      parts.add(coalesce(col(m.group(1)).cast(DataTypes.StringType), lit("")));
      at = m.end();
    }
    parts.add(lit(template.substring(at)));
    return concat(parts.toArray(Column[]::new));
  }

  private Playbook() {}
}
