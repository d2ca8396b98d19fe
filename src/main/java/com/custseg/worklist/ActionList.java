package com.custseg.worklist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.WorklistConfig;
import com.custseg.features.RfmColumns;
import com.custseg.io.CustomerColumns;
import com.custseg.io.OutputTables;
import com.custseg.region.RegionColumns;
import com.custseg.segment.SegmentColumns;
import com.custseg.value.ValueColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The {@code action_list} table: one row per customer the playbook gives an action (not none), with the owning
 * team, the customer's rank within the team, the reason in words, the due date and the offer. An analyst table:
 * no contact details (they are added to the exports of the teams allowed them, at export time).
 */
public final class ActionList {
  public static final String TEAM = OutputTables.TEAM;
  public static final String TEAM_NAME = "team_name";
  public static final String ACTION = "action";
  public static final String ACTION_NAME = "action_name";
  public static final String CHANNEL = "contact_channel";
  public static final String PRIORITY = "priority";
  public static final String PRIORITY_RANK = "priority_rank";
  public static final String REASON = "action_reason";
  public static final String DUE_DATE = "due_date";
  public static final String OFFER = "offer";
  public static final String PREVIOUS_VALUE_TIER = "previous_value_tier";
  public static final DataType PRIORITY_TYPE = DataTypes.createDecimalType(18, 2);
  /** Working columns of {@link Playbook#withAction}. */
  static final String RULE = "_playbook_rule_label";
  static final String LISTED = "_playbook_listed";

  /** Columns of action_list, in order; partitioned by snapshot_date and team. */
  public static final List<String> COLUMNS = List.of(OutputTables.SNAPSHOT_DATE, TEAM, TEAM_NAME, PRIORITY_RANK,
      CustomerColumns.CUSTOMER_ID, RegionColumns.REGION_CODE, RegionColumns.PROVINCE, CustomerColumns.CITY, ACTION,
      ACTION_NAME, CHANNEL, PRIORITY, DUE_DATE, OFFER, SegmentColumns.VALUE_TIER, PREVIOUS_VALUE_TIER, REASON);

  /**
   * The snapshot's action list from its customer_segments rows: playbook → listed customers only → owning team →
   * reason → rank within the team (priority high first, nulls last, then customer id: a rerun ranks the same).
   *
   * <p>The rank is a window partitioned by team, never over all customers: each team's customers are sorted by one
   * task. A team of tens of millions of customers makes that task big; split such a team by province.
   *
   * @param previous the previous snapshot's customer_segments rows, if any: a tier move shows in the reason
   */
  public static Dataset<Row> table(Dataset<Row> segments, Optional<Dataset<Row>> previous, WorklistConfig config) {
    Dataset<Row> withPrevious = previous
        .map(p -> segments.join(p.select(col(CustomerColumns.CUSTOMER_ID),
            col(SegmentColumns.VALUE_TIER).as(PREVIOUS_VALUE_TIER)), new String[] {CustomerColumns.CUSTOMER_ID},
            "left"))
        .orElseGet(() -> segments.withColumn(PREVIOUS_VALUE_TIER, lit(null).cast(DataTypes.StringType)));
    Dataset<Row> acted = Playbook.withAction(withPrevious, config.actions()).where(col(LISTED));
    Dataset<Row> owned = Teams.withTeam(acted, config);
    var byTeam = Window.partitionBy(TEAM).orderBy(col(PRIORITY).desc_nulls_last(),
        col(CustomerColumns.CUSTOMER_ID).asc());
    return owned
        .withColumn(REASON, reason(Arrays.asList(segments.columns())))
        .withColumn(PRIORITY_RANK, row_number().over(byTeam))
        .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * The reason in words: the rule that matched, the value tier (with its move since the previous snapshot, e.g.
   * "value tier vip → churn_risk"), then the key figures present (lifecycle stage, churn risk band, clv, p_alive,
   * days since the last purchase, net spend). Absent or null figures are left out.
   */
  static Column reason(List<String> columns) {
    List<Column> parts = new ArrayList<>();
    parts.add(col(RULE));
    Column tier = col(SegmentColumns.VALUE_TIER);
    parts.add(when(col(PREVIOUS_VALUE_TIER).isNotNull().and(col(PREVIOUS_VALUE_TIER).notEqual(tier)),
        concat(lit("value tier "), col(PREVIOUS_VALUE_TIER), lit(" → "), tier))
        .otherwise(concat(lit("value tier "), tier)));
    if (columns.contains(SegmentColumns.LIFECYCLE_STAGE)) {
      parts.add(concat(lit("lifecycle "), col(SegmentColumns.LIFECYCLE_STAGE)));
    }
    if (columns.contains(ValueColumns.CHURN_RISK_BAND)) {
      parts.add(concat(lit("churn risk "), col(ValueColumns.CHURN_RISK_BAND)));
    }
    if (columns.contains(ValueColumns.CLV)) {
      parts.add(concat(lit("clv "), format_number(col(ValueColumns.CLV), 2)));
    }
    if (columns.contains(ValueColumns.P_ALIVE)) {
      parts.add(concat(lit("p_alive "), format_number(col(ValueColumns.P_ALIVE), 2)));
    }
    parts.add(concat(lit("last purchase "), col(RfmColumns.RECENCY_DAYS).cast(DataTypes.StringType),
        lit(" days ago")));
    parts.add(concat(lit("net spend "), format_number(col(RfmColumns.MONETARY), 2)));
    return concat_ws("; ", parts.toArray(Column[]::new));
  }

  private ActionList() {}
}
