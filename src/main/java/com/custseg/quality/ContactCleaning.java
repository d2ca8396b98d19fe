package com.custseg.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.FeedbackConfig;
import com.custseg.config.InteractionsConfig;
import com.custseg.io.CustomerColumns;
import com.custseg.io.FeedbackColumns;
import com.custseg.io.InteractionColumns;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The cleaning of the two contact sources, interactions and feedback, in the steps of {@link InputCleaning}: typed
 * columns and a {@link RejectReason} per unusable row ({@link #checkedInteractions}, {@link #checkedFeedback}), exact
 * copies marked ({@link InputCleaning#withDuplicatesMarked}), then the checks against the snapshot date and the
 * known customers ({@link #withSnapshotChecks}). {@link Quarantine} splits and counts them like the other sources.
 */
public final class ContactCleaning {
  private static final String RAW_TIME = "_raw_time";
  private static final String RAW_DURATION = "_raw_duration";
  private static final String RAW_SCORE = "_raw_score";
  private static final String RAW_COMPLAINT = "_raw_complaint";
  private static final String RAW_TYPE = "_raw_type";

  /**
   * Typed interactions ({@link InteractionColumns#SCHEMA}) with {@code _record} and {@code _reject_reason}: the
   * channel after the aliases and its group (UNKNOWN_CHANNEL when missing or in no group), the time as for order
   * times (BAD_DATE), the duration as a non-negative number when mapped (BAD_DURATION).
   */
  public static Dataset<Row> checkedInteractions(Dataset<Row> raw, InteractionsConfig config, String timeZone) {
    var source = config.source();
    Dataset<Row> mapped = InputCleaning.project(raw, source,
        List.of(InteractionsConfig.CUSTOMER_ID, InteractionsConfig.CHANNEL),
        List.of(new InputCleaning.Derived(RAW_TIME, source.column(InteractionsConfig.TIME),
                "columns." + InteractionsConfig.TIME),
            new InputCleaning.Derived(RAW_TYPE, source.column(InteractionsConfig.TYPE),
                "columns." + InteractionsConfig.TYPE),
            new InputCleaning.Derived(RAW_DURATION, source.column(InteractionsConfig.DURATION),
                "columns." + InteractionsConfig.DURATION)),
        List.of());
    InputCleaning.OrderTime time = InputCleaning.parseTimestamp(mapped, RAW_TIME, source.timestampFormat(), timeZone);
    Column spelled = lower(col(InteractionsConfig.CHANNEL));
    Column channel = spelled;
    for (var alias : config.channelAliases().entrySet()) {
      channel = when(spelled.equalTo(alias.getKey()), lit(alias.getValue())).otherwise(channel);
    }
    Column group = when(col(InteractionColumns.CHANNEL).isin(config.onlineChannels().toArray()),
        lit(InteractionColumns.ONLINE))
        .when(col(InteractionColumns.CHANNEL).isin(config.offlineChannels().toArray()), lit(InteractionColumns.OFFLINE));
    Column type = lower(trim(col(RAW_TYPE).cast(DataTypes.StringType)));
    Dataset<Row> typed = mapped
        .withColumn(InputCleaning.WALL_CLOCK, time.wallClock())
        .withColumn(InteractionColumns.INTERACTION_TS, time.instant())
        .withColumn(InteractionColumns.INTERACTION_DATE, time.date())
        .withColumn(InteractionColumns.CHANNEL, channel)
        .withColumn(InteractionColumns.CHANNEL_GROUP, group)
        .withColumn(InteractionColumns.INTERACTION_TYPE, when(type.notEqual(""), type))
        .withColumn(InteractionColumns.DURATION, expr("try_cast(" + RAW_DURATION + " AS DOUBLE)"));
    Column reason = when(col(InputCleaning.MALFORMED), InputCleaning.reason(RejectReason.MALFORMED_LINE))
        .when(col(InteractionColumns.CUSTOMER_ID).isNull(), InputCleaning.reason(RejectReason.MISSING_CUSTOMER_ID))
        .when(col(InteractionColumns.INTERACTION_TS).isNull(), InputCleaning.reason(RejectReason.BAD_DATE))
        .when(col(InteractionColumns.CHANNEL_GROUP).isNull(), InputCleaning.reason(RejectReason.UNKNOWN_CHANNEL))
        .when(InputCleaning.isPresent(RAW_DURATION).and(coalesce(col(InteractionColumns.DURATION).lt(0), lit(true))),
            InputCleaning.reason(RejectReason.BAD_DURATION));
    return typed.withColumn(RejectColumns.WORK_REASON, reason)
        .select(columns(InteractionColumns.SCHEMA.fieldNames()));
  }

  /**
   * Typed feedback ({@link FeedbackColumns#SCHEMA}) with {@code _record} and {@code _reject_reason}: the score as a
   * number on the configured scale (BAD_SCORE), the time (BAD_DATE), the complaint flag (true, 1, yes, y, 是; absent
   * = false). The label column is neither read nor kept in the record; a malformed line, whose text may hold it,
   * keeps only its shape in the record when a label is mapped.
   */
  public static Dataset<Row> checkedFeedback(Dataset<Row> raw, FeedbackConfig config, String timeZone) {
    var source = config.source();
    String label = source.column(FeedbackConfig.LABEL);
    List<String> notInRecord = label == null ? List.of() : List.of(label.replace("`", ""));
    Dataset<Row> mapped = InputCleaning.project(raw, source,
        List.of(FeedbackConfig.CUSTOMER_ID, FeedbackConfig.CATEGORY),
        List.of(new InputCleaning.Derived(RAW_TIME, source.column(FeedbackConfig.TIME),
                "columns." + FeedbackConfig.TIME),
            new InputCleaning.Derived(RAW_SCORE, source.column(FeedbackConfig.SCORE),
                "columns." + FeedbackConfig.SCORE),
            new InputCleaning.Derived(RAW_COMPLAINT, source.column(FeedbackConfig.COMPLAINT),
                "columns." + FeedbackConfig.COMPLAINT)),
        notInRecord);
    InputCleaning.OrderTime time = InputCleaning.parseTimestamp(mapped, RAW_TIME, source.timestampFormat(), timeZone);
    Column flag = lower(trim(col(RAW_COMPLAINT).cast(DataTypes.StringType)));
    Column score = col(FeedbackColumns.SCORE);
    Dataset<Row> typed = mapped
        .withColumn(InputCleaning.WALL_CLOCK, time.wallClock())
        .withColumn(FeedbackColumns.FEEDBACK_TS, time.instant())
        .withColumn(FeedbackColumns.FEEDBACK_DATE, time.date())
        .withColumn(FeedbackColumns.SCORE, expr("try_cast(trim(CAST(" + RAW_SCORE + " AS STRING)) AS DOUBLE)"))
        .withColumn(FeedbackColumns.IS_COMPLAINT, coalesce(flag.isin("true", "1", "yes", "y", "是"), lit(false)));
    if (label != null) {
      typed = typed.withColumn(RejectColumns.WORK_RECORD, when(col(InputCleaning.MALFORMED),
          regexp_replace(col(RejectColumns.WORK_RECORD), "[\\p{L}\\p{N}]", "*"))
          .otherwise(col(RejectColumns.WORK_RECORD)));
    }
    Column reason = when(col(InputCleaning.MALFORMED), InputCleaning.reason(RejectReason.MALFORMED_LINE))
        .when(col(FeedbackColumns.CUSTOMER_ID).isNull(), InputCleaning.reason(RejectReason.MISSING_CUSTOMER_ID))
        .when(col(FeedbackColumns.FEEDBACK_TS).isNull(), InputCleaning.reason(RejectReason.BAD_DATE))
        .when(score.isNull().or(score.lt(config.scale().min())).or(score.gt(config.scale().max())),
            InputCleaning.reason(RejectReason.BAD_SCORE));
    return typed.withColumn(RejectColumns.WORK_REASON, reason)
        .select(columns(FeedbackColumns.SCHEMA.fieldNames()));
  }

  /**
   * Marks rows dated on or after the snapshot (AFTER_SNAPSHOT) and rows of customers not in {@code customerIds}
   * (UNKNOWN_CUSTOMER): the customers of the run, which under create-minimal-customer include the ones created from
   * transactions, so a contact never creates a customer.
   *
   * @param dateColumn the date of the row (interaction_date, feedback_date)
   * @param customerIds one column, customer_id, distinct
   */
  public static Dataset<Row> withSnapshotChecks(Dataset<Row> rows, String dateColumn, LocalDate asOf,
      Dataset<Row> customerIds) {
    String known = "_known_customer";
    String knownId = "_known_customer_id";
    Dataset<Row> ids = customerIds.select(col(CustomerColumns.CUSTOMER_ID).as(knownId), lit(true).as(known));
    Dataset<Row> joined = rows.join(ids, rows.col(CustomerColumns.CUSTOMER_ID).equalTo(ids.col(knownId)), "left");
    Column reason = coalesce(col(RejectColumns.WORK_REASON),
        when(col(dateColumn).geq(lit(java.sql.Date.valueOf(asOf))), InputCleaning.reason(RejectReason.AFTER_SNAPSHOT))
            .when(col(known).isNull(), InputCleaning.reason(RejectReason.UNKNOWN_CUSTOMER)));
    return joined.withColumn(RejectColumns.WORK_REASON, reason).drop(knownId, known);
  }

  private static Column[] columns(String[] names) {
    List<Column> out = new ArrayList<>();
    for (String n : names) {
      out.add(col(n));
    }
    out.add(col(RejectColumns.WORK_RECORD));
    out.add(col(RejectColumns.WORK_REASON));
    return out.toArray(Column[]::new);
  }

  private ContactCleaning() {}
}
