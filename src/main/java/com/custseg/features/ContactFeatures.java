package com.custseg.features;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.FeedbackConfig;
import com.custseg.io.CustomerColumns;
import com.custseg.io.FeedbackColumns;
import com.custseg.io.InteractionColumns;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Per-customer features of the interactions and the feedback (README "Definitions"). Windows count days before the
 * snapshot as the RFM windows do: a row dated d counts in the last N days when snapshot − d ≤ N. Each source is read
 * once and shuffled once, by customer.
 */
public final class ContactFeatures {
  private static final int SHORT_WINDOW_DAYS = 90;
  private static final int YEAR_WINDOW_DAYS = 365;
  private static final String CONTACT_CUSTOMER_ID = "_contact_customer_id";
  private static final String INTERACTION_COMPLAINTS = "_interaction_complaints_365d";
  private static final String FEEDBACK_COMPLAINTS = "_feedback_complaints_365d";
  private static final String BY_CHANNEL = "_by_channel";

  /**
   * Per customer with kept interactions: the counts of the last 90 and 365 days (all, online, offline, inquiries,
   * complaints), days since the last one, and the preferred channel: the most interactions in the last 365 days,
   * ties broken by the most recent interaction, then by the channel name (alphabetically first); null without
   * interactions in the last 365 days.
   */
  public static Dataset<Row> interactionsPerCustomer(Dataset<Row> interactions, LocalDate asOf) {
    Column daysAgo = datediff(lit(java.sql.Date.valueOf(asOf)), col(InteractionColumns.INTERACTION_DATE));
    Column in90 = daysAgo.leq(SHORT_WINDOW_DAYS);
    Column in365 = daysAgo.leq(YEAR_WINDOW_DAYS);
    Column type = col(InteractionColumns.INTERACTION_TYPE);
    Dataset<Row> byChannel = interactions.repartition(col(InteractionColumns.CUSTOMER_ID))
        .groupBy(col(InteractionColumns.CUSTOMER_ID), col(InteractionColumns.CHANNEL),
            col(InteractionColumns.CHANNEL_GROUP))
        .agg(count_if(in90).as(ContactColumns.INTERACTIONS_90D),
            count_if(in365).as(ContactColumns.INTERACTIONS_365D),
            count_if(in90.and(coalesce(type.equalTo(InteractionColumns.INQUIRY), lit(false))))
                .as(ContactColumns.INQUIRIES_90D),
            count_if(in365.and(coalesce(type.equalTo(InteractionColumns.COMPLAINT), lit(false))))
                .as(INTERACTION_COMPLAINTS),
            min(daysAgo).as(ContactColumns.DAYS_SINCE_LAST_INTERACTION));
    Column n365 = col(ContactColumns.INTERACTIONS_365D);
    Column group = col(InteractionColumns.CHANNEL_GROUP);
    return byChannel.groupBy(col(InteractionColumns.CUSTOMER_ID).as(CONTACT_CUSTOMER_ID))
        .agg(sum(col(ContactColumns.INTERACTIONS_90D)).as(ContactColumns.INTERACTIONS_90D),
            sum(n365).as(ContactColumns.INTERACTIONS_365D),
            sum(when(group.equalTo(InteractionColumns.ONLINE), n365).otherwise(0L))
                .as(ContactColumns.ONLINE_INTERACTIONS_365D),
            sum(when(group.equalTo(InteractionColumns.OFFLINE), n365).otherwise(0L))
                .as(ContactColumns.OFFLINE_INTERACTIONS_365D),
            sum(col(ContactColumns.INQUIRIES_90D)).as(ContactColumns.INQUIRIES_90D),
            sum(col(INTERACTION_COMPLAINTS)).as(INTERACTION_COMPLAINTS),
            min(col(ContactColumns.DAYS_SINCE_LAST_INTERACTION)).as(ContactColumns.DAYS_SINCE_LAST_INTERACTION),
            min(when(n365.gt(0), struct(negate(n365).as("n"),
                col(ContactColumns.DAYS_SINCE_LAST_INTERACTION).as("d"),
                col(InteractionColumns.CHANNEL).as("c")))).as(BY_CHANNEL))
        .withColumn(ContactColumns.PREFERRED_CHANNEL, col(BY_CHANNEL).getField("c"))
        .drop(BY_CHANNEL);
  }

  /**
   * Per customer with kept feedback: rows and mean score of the last 365 days, the latest score (of the latest
   * feedback time; of equal times the highest score) and the feedback rows flagged as complaints in the last 365
   * days.
   */
  public static Dataset<Row> feedbackPerCustomer(Dataset<Row> feedback, LocalDate asOf) {
    Column daysAgo = datediff(lit(java.sql.Date.valueOf(asOf)), col(FeedbackColumns.FEEDBACK_DATE));
    Column in365 = daysAgo.leq(YEAR_WINDOW_DAYS);
    Column score = col(FeedbackColumns.SCORE);
    return feedback.groupBy(col(FeedbackColumns.CUSTOMER_ID).as(CONTACT_CUSTOMER_ID))
        .agg(count_if(in365).as(ContactColumns.FEEDBACK_COUNT_365D),
            round(avg(when(in365, score)), 4).as(ContactColumns.AVG_SCORE_365D),
            max_by(score, struct(col(FeedbackColumns.FEEDBACK_TS), score)).as(ContactColumns.LATEST_SCORE),
            count_if(in365.and(col(FeedbackColumns.IS_COMPLAINT))).as(FEEDBACK_COMPLAINTS));
  }

  /**
   * Every customer with the contact features ({@link ContactColumns#ALL}). With a source, customers without its rows
   * get zero counts (and null days, channel, share, scores); without it (empty), its columns are null: unknown, not
   * zero. complaints_365d adds the interactions of type complaint and the feedback flagged as one. nps_class (from
   * the latest score, on the nps scale only): promoter 9-10, passive 7-8, detractor 0-6. attitude from
   * avg_score_365d and the configured thresholds; unknown without feedback in the last 365 days.
   */
  public static Dataset<Row> withContactFeatures(Dataset<Row> customers,
      Optional<Dataset<Row>> interactionsPerCustomer, Optional<Dataset<Row>> feedbackPerCustomer,
      Optional<FeedbackConfig> feedback) {
    Dataset<Row> out = customers;
    Column zero = lit(0L);
    if (interactionsPerCustomer.isPresent()) {
      out = joined(out, interactionsPerCustomer.get());
      for (String count : new String[] {ContactColumns.INTERACTIONS_90D, ContactColumns.INTERACTIONS_365D,
          ContactColumns.ONLINE_INTERACTIONS_365D, ContactColumns.OFFLINE_INTERACTIONS_365D,
          ContactColumns.INQUIRIES_90D, INTERACTION_COMPLAINTS}) {
        out = out.withColumn(count, coalesce(col(count), zero));
      }
      out = out.withColumn(ContactColumns.ONLINE_SHARE, when(col(ContactColumns.INTERACTIONS_365D).gt(0), round(
          col(ContactColumns.ONLINE_INTERACTIONS_365D).divide(col(ContactColumns.INTERACTIONS_365D)), 4)));
    } else {
      for (String c : new String[] {ContactColumns.INTERACTIONS_90D, ContactColumns.INTERACTIONS_365D,
          ContactColumns.ONLINE_INTERACTIONS_365D, ContactColumns.OFFLINE_INTERACTIONS_365D,
          ContactColumns.INQUIRIES_90D, INTERACTION_COMPLAINTS}) {
        out = out.withColumn(c, lit(null).cast(DataTypes.LongType));
      }
      out = out.withColumn(ContactColumns.DAYS_SINCE_LAST_INTERACTION, lit(null).cast(DataTypes.IntegerType))
          .withColumn(ContactColumns.PREFERRED_CHANNEL, lit(null).cast(DataTypes.StringType))
          .withColumn(ContactColumns.ONLINE_SHARE, lit(null).cast(DataTypes.DoubleType));
    }
    if (feedbackPerCustomer.isPresent()) {
      out = joined(out, feedbackPerCustomer.get())
          .withColumn(ContactColumns.FEEDBACK_COUNT_365D, coalesce(col(ContactColumns.FEEDBACK_COUNT_365D), zero))
          .withColumn(FEEDBACK_COMPLAINTS, coalesce(col(FEEDBACK_COMPLAINTS), zero));
    } else {
      out = out.withColumn(ContactColumns.FEEDBACK_COUNT_365D, lit(null).cast(DataTypes.LongType))
          .withColumn(ContactColumns.AVG_SCORE_365D, lit(null).cast(DataTypes.DoubleType))
          .withColumn(ContactColumns.LATEST_SCORE, lit(null).cast(DataTypes.DoubleType))
          .withColumn(FEEDBACK_COMPLAINTS, lit(null).cast(DataTypes.LongType));
    }
    Column complaints = interactionsPerCustomer.isEmpty() && feedbackPerCustomer.isEmpty()
        ? lit(null).cast(DataTypes.LongType)
        : coalesce(col(INTERACTION_COMPLAINTS), zero).plus(coalesce(col(FEEDBACK_COMPLAINTS), zero));
    Column latest = col(ContactColumns.LATEST_SCORE);
    boolean nps = feedback.map(f -> f.scale() == FeedbackConfig.Scale.NPS).orElse(false);
    Column npsClass = nps ? when(latest.geq(9), lit(ContactColumns.PROMOTER))
        .when(latest.geq(7), lit(ContactColumns.PASSIVE))
        .when(latest.isNotNull(), lit(ContactColumns.DETRACTOR)) : lit(null).cast(DataTypes.StringType);
    Column mean = col(ContactColumns.AVG_SCORE_365D);
    Column attitude = feedback.map(f -> when(mean.geq(f.positiveAtLeast()), lit(ContactColumns.POSITIVE))
        .when(mean.leq(f.negativeAtMost()), lit(ContactColumns.NEGATIVE))
        .when(mean.isNotNull(), lit(ContactColumns.NEUTRAL))
        .otherwise(lit(ContactColumns.UNKNOWN))).orElse(lit(ContactColumns.UNKNOWN));
    return out.withColumn(ContactColumns.COMPLAINTS_365D, complaints)
        .withColumn(ContactColumns.NPS_CLASS, npsClass)
        .withColumn(ContactColumns.ATTITUDE, attitude)
        .drop(INTERACTION_COMPLAINTS, FEEDBACK_COMPLAINTS);
  }

  private static Dataset<Row> joined(Dataset<Row> customers, Dataset<Row> perCustomer) {
    return customers.join(perCustomer,
        customers.col(CustomerColumns.CUSTOMER_ID).equalTo(perCustomer.col(CONTACT_CUSTOMER_ID)), "left")
        .drop(CONTACT_CUSTOMER_ID);
  }

  private ContactFeatures() {}
}
