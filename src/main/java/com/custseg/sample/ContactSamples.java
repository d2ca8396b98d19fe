package com.custseg.sample;

import static com.custseg.sample.SampleDataGenerator.columns;
import static com.custseg.sample.SampleDataGenerator.localTimestamp;
import static com.custseg.sample.SampleDataGenerator.pick;
import static com.custseg.sample.SampleDataGenerator.weightedIndex;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;

import com.custseg.sample.SampleDataGenerator.GeneratorSettings;
import com.custseg.sample.SampleDataGenerator.Model;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The interactions and feedback of the synthetic customers, drawn like the transactions: each row picks a customer
 * by the same activity weight and recomputes the customer's profile from its index, so no table is joined. The
 * patterns: the complainers (a quarter of the customers who stop buying, 4% of the others) complain and inquire
 * more and score low (NPS survey, 0 to 10); customers who stop buying score lower than those who stay; customers won online contact the
 * company online (web, app, WeChat), the others by phone, visits and in store. A customer's contacts fall between
 * the start of its purchases and a while after its last one.
 */
public final class ContactSamples {
  public static final String CUSTOMER_ID = SampleDataGenerator.CUSTOMER_ID;
  public static final String INTERACTION_TIME = "interaction_time";
  public static final String CHANNEL = "channel";
  public static final String TYPE = "type";
  /** Minutes of a phone call, visit or store visit; blank for the other channels. */
  public static final String DURATION = "duration";
  public static final List<String> INTERACTION_COLUMNS = List.of(CUSTOMER_ID, INTERACTION_TIME, CHANNEL, TYPE,
      DURATION);
  public static final String FEEDBACK_TIME = "feedback_time";
  /** How likely the customer is to recommend the company, 0 to 10 (NPS survey). */
  public static final String SCORE = "score";
  /** 是 for a complaint, 否 otherwise. */
  public static final String COMPLAINT = "complaint";
  public static final String CATEGORY = "category";
  /** Free text of the review: personal words the job never reads. */
  public static final String COMMENT = "comment";
  public static final List<String> FEEDBACK_COLUMNS = List.of(CUSTOMER_ID, FEEDBACK_TIME, SCORE, COMPLAINT, CATEGORY,
      COMMENT);

  /** The channels as the job knows them, and as the export sometimes spells them (the config's aliases). */
  static final List<String> CHANNELS = List.of("web", "app", "wechat", "email", "phone", "visit", "store");
  static final List<String> CHANNEL_SPELLINGS = List.of("官网", "小程序", "微信", "邮件", "电话", "拜访", "门店");
  static final double[] ONLINE_CUSTOMER_CHANNELS = {30, 35, 25, 10, 0, 0, 0};
  static final double[] OFFLINE_CUSTOMER_CHANNELS = {5, 5, 15, 5, 35, 20, 15};
  /** Share of rows whose channel is spelled in Chinese, and of rows with a channel the config does not know. */
  static final double CHINESE_SPELLING_SHARE = 0.2;
  static final double UNKNOWN_CHANNEL_SHARE = 0.003;
  static final String UNKNOWN_CHANNEL = "传真";
  static final List<String> TYPES = List.of("visit", "inquiry", "complaint", "campaign_response");
  static final double[] COMPLAINER_TYPES = {35, 30, 25, 10};
  static final double[] OTHER_TYPES = {53, 25, 2, 20};
  /** Days after the last purchase a customer may still be in contact (interactions) or rate (feedback). */
  static final int INTERACTION_DAYS_AFTER = 60;
  static final int FEEDBACK_DAYS_AFTER = 30;
  /** Weights of the scores 0..10. */
  static final double[] COMPLAINER_SCORES = {10, 10, 12, 14, 14, 12, 10, 7, 5, 3, 3};
  static final double[] CHURNER_SCORES = {3, 3, 5, 7, 9, 12, 14, 16, 14, 9, 8};
  static final double[] STAYER_SCORES = {1, 1, 1, 2, 3, 6, 8, 15, 20, 22, 21};
  /** Chance that a score of 0 to 4 comes with a complaint. */
  static final double LOW_SCORE_COMPLAINT_SHARE = 0.6;
  static final int COMPLAINT_SCORE_AT_MOST = 4;
  static final List<String> FEEDBACK_CATEGORIES = List.of("产品", "服务", "物流");
  static final double[] FEEDBACK_CATEGORY_WEIGHTS = {50, 30, 20};
  static final List<String> COMMENTS = List.of("质量太差，要求退货", "客服回复太慢", "还可以", "很满意", "物美价廉，会回购");

  /** {@code settings.interactions()} rows: customer_id, interaction_time (timestamp_ntz), channel, type, duration. */
  public static Dataset<Row> interactions(SparkSession spark, GeneratorSettings settings) {
    Model m = new Model(settings);
    Column row = col("_row");
    Column online = col("_channel").equalTo(SampleDataGenerator.CHANNELS.get(0).label());
    Column channel = when(online, weightedIndex(col("_u_channel"), ONLINE_CUSTOMER_CHANNELS))
        .otherwise(weightedIndex(col("_u_channel"), OFFLINE_CUSTOMER_CHANNELS));
    Column type = when(col("_complainer"), weightedIndex(col("_u_type"), COMPLAINER_TYPES))
        .otherwise(weightedIndex(col("_u_type"), OTHER_TYPES));
    Column spelled = when(col("_u_spelling").lt(UNKNOWN_CHANNEL_SHARE), lit(UNKNOWN_CHANNEL))
        .when(col("_u_spelling").lt(CHINESE_SPELLING_SHARE), pick(col("_channel_index"), CHANNEL_SPELLINGS))
        .otherwise(pick(col("_channel_index"), CHANNELS));
    return contacts(spark, settings, settings.interactions(), m, "interaction", INTERACTION_DAYS_AFTER)
        .withColumns(columns(
            "_u_channel", m.uniform(row, "interaction-channel"),
            "_u_type", m.uniform(row, "interaction-type"),
            "_u_spelling", m.uniform(row, "interaction-spelling"),
            "_u_duration", m.uniform(row, "interaction-duration")))
        .withColumns(columns("_channel_index", channel, "_type_index", type))
        .select(
            m.customerId(col("_customer")).as(CUSTOMER_ID),
            localTimestamp(col("_seconds")).as(INTERACTION_TIME),
            spelled.as(CHANNEL),
            pick(col("_type_index"), TYPES).as(TYPE),
            when(col("_channel_index").geq(CHANNELS.indexOf("phone")),
                floor(col("_u_duration").multiply(45)).plus(1).cast(DataTypes.IntegerType)).as(DURATION));
  }

  /**
   * {@code settings.feedback()} rows: customer_id, feedback_time (timestamp_ntz), score (0-10), complaint (是 / 否),
   * category, comment.
   */
  public static Dataset<Row> feedback(SparkSession spark, GeneratorSettings settings) {
    Model m = new Model(settings);
    Column row = col("_row");
    Column stars = when(col("_complainer"), weightedIndex(col("_u_score"), COMPLAINER_SCORES))
        .when(col("_churns"), weightedIndex(col("_u_score"), CHURNER_SCORES))
        .otherwise(weightedIndex(col("_u_score"), STAYER_SCORES));
    Column score = col("_score");
    Column comment = when(score.leq(3), lit(COMMENTS.get(0))).when(score.leq(5), lit(COMMENTS.get(1)))
        .when(score.leq(6), lit(COMMENTS.get(2))).when(score.leq(8), lit(COMMENTS.get(3)))
        .otherwise(lit(COMMENTS.get(4)));
    return contacts(spark, settings, settings.feedback(), m, "feedback", FEEDBACK_DAYS_AFTER)
        .withColumns(columns(
            "_u_score", m.uniform(row, "feedback-score"),
            "_u_complaint", m.uniform(row, "feedback-complaint"),
            "_u_category", m.uniform(row, "feedback-category")))
        .withColumn("_score", stars)
        .select(
            m.customerId(col("_customer")).as(CUSTOMER_ID),
            localTimestamp(col("_seconds")).as(FEEDBACK_TIME),
            score.as(SCORE),
            when(score.leq(COMPLAINT_SCORE_AT_MOST).and(col("_u_complaint").lt(LOW_SCORE_COMPLAINT_SHARE)), lit("是"))
                .otherwise(lit("否"))
                .as(COMPLAINT),
            pick(weightedIndex(col("_u_category"), FEEDBACK_CATEGORY_WEIGHTS), FEEDBACK_CATEGORIES).as(CATEGORY),
            comment.as(COMMENT));
  }

  /**
   * {@code rows} rows keyed by _row, each with a customer drawn by activity (_customer and its profile) and
   * _seconds: a local time on a day between the customer's first possible purchase day and {@code daysAfter} days
   * after its last one (not after the end date), at an hour of the daily curve.
   */
  private static Dataset<Row> contacts(SparkSession spark, GeneratorSettings settings, long rows, Model m,
      String salt, int daysAfter) {
    Column row = col("_row");
    Column last = col("_until");
    return spark.range(0, rows, 1, SampleDataGenerator.partitionsFor(spark, rows))
        .withColumnRenamed("id", "_row")
        .withColumns(columns(
            "_u_customer", m.uniform(row, salt + "-customer"),
            "_u_day", m.uniform(row, salt + "-day"),
            "_u_hour", m.uniform(row, salt + "-hour"),
            "_u_second", m.uniform(row, salt + "-second")))
        .withColumn("_rank", m.drawRank(col("_u_customer")))
        .withColumn("_customer", m.customerIndex(col("_rank")))
        .transform(m.withCustomerProfile("_customer", "_rank"))
        .withColumn("_earliest", greatest(col("_signup"), lit(settings.startDate())))
        .withColumn("_until", least(date_add(m.lastPurchaseDay(col("_earliest"), col("_churns"),
            col("_churn_point")), daysAfter), lit(settings.endDate())))
        .withColumn("_day", date_add(col("_earliest"), floor(col("_u_day")
            .multiply(datediff(last, col("_earliest")).plus(1))).cast("int")))
        .withColumn("_seconds", unix_date(col("_day")).cast("long").multiply(86_400L)
            .plus(weightedIndex(col("_u_hour"), SampleDataGenerator.HOUR_WEIGHTS).cast("long").multiply(3600))
            .plus(floor(col("_u_second").multiply(3600))));
  }

  private ContactSamples() {}
}
