package com.custseg.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.FeedbackConfig;
import com.custseg.config.SourceConfig;
import com.custseg.io.CustomerColumns;
import com.custseg.io.FeedbackColumns;
import com.custseg.io.InteractionColumns;
import com.custseg.testing.Fixtures;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The interaction and feedback features of each customer, against values worked out by hand. */
class ContactFeaturesTest {
  private static final LocalDate AS_OF = LocalDate.parse("2025-01-01");
  private static final FeedbackConfig NPS = new FeedbackConfig(new SourceConfig(FeedbackConfig.KEY, "csv", "f.csv",
      Map.of(), Map.of("customer_id", "c", "feedback_time", "t", "score", "s"), "", "yyyy-MM-dd HH:mm:ss", "",
      SourceConfig.Currency.NONE, ""), FeedbackConfig.Scale.NPS, 9, 6);

  private static Dataset<Row> customers() {
    return Fixtures.table(new StructType().add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType),
        Fixtures.row("c1"), Fixtures.row("c2"), Fixtures.row("c3"));
  }

  private static Object[] contact(String customer, String day, String channel, String group, String type) {
    return Fixtures.row(customer, Timestamp.valueOf(day + " 10:00:00"), Fixtures.date(day), channel, group, type,
        null);
  }

  private static Object[] rating(String customer, String day, double score, boolean complaint) {
    return Fixtures.row(customer, Timestamp.valueOf(day + " 10:00:00"), Fixtures.date(day), score, complaint, null);
  }

  /**
   * c1: 2, 1, 61, 214 and 580 days before the snapshot; wechat and phone twice each in the year, phone the more
   * recent. c2: web and store once each, both 92 days ago (outside 90 days): the tie goes to the name, store.
   */
  private static Dataset<Row> interactions() {
    return Fixtures.table(InteractionColumns.SCHEMA,
        contact("c1", "2024-12-30", "wechat", "online", "inquiry"),
        contact("c1", "2024-12-31", "phone", "offline", "complaint"),
        contact("c1", "2024-11-01", "phone", "offline", "visit"),
        contact("c1", "2024-06-01", "wechat", "online", null),
        contact("c1", "2023-06-01", "web", "online", "inquiry"),
        contact("c2", "2024-10-01", "web", "online", "inquiry"),
        contact("c2", "2024-10-01", "store", "offline", "visit"));
  }

  /** c1: 3 (a complaint) 12 days ago and 6 seven days ago; c2: a 10 two years ago only. */
  private static Dataset<Row> feedback() {
    return Fixtures.table(FeedbackColumns.SCHEMA,
        rating("c1", "2024-12-20", 3, true),
        rating("c1", "2024-12-25", 6, false),
        rating("c2", "2023-01-01", 10, false));
  }

  private static Column[] features() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(CustomerColumns.CUSTOMER_ID),
        ContactColumns.ALL.stream()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  @Test
  void interactionAndFeedbackFeaturesCountTheWindowsBeforeTheSnapshot() {
    Dataset<Row> result = ContactFeatures.withContactFeatures(customers(),
        Optional.of(ContactFeatures.interactionsPerCustomer(interactions(), AS_OF)),
        Optional.of(ContactFeatures.feedbackPerCustomer(feedback(), AS_OF)), Optional.of(NPS));

    // interactions_90d, _365d, online, offline, inquiries_90d, complaints_365d (interactions + feedback),
    // days since last, preferred channel, online share, feedback_count_365d, avg, latest, nps_class, attitude
    assertThat(Fixtures.values(result.select(features()))).isEqualTo(Fixtures.rows(
        Fixtures.row("c1", 3L, 4L, 2L, 2L, 1L, 2L, 1, "phone", 0.5, 2L, 4.5, 6.0, "detractor", "negative"),
        Fixtures.row("c2", 0L, 2L, 1L, 1L, 0L, 0L, 92, "store", 0.5, 0L, null, 10.0, "promoter", "unknown"),
        Fixtures.row("c3", 0L, 0L, 0L, 0L, 0L, 0L, null, null, null, 0L, null, null, null, "unknown")));
  }

  @Test
  void withoutTheSourcesTheFeaturesAreUnknownNotZero() {
    Dataset<Row> result = ContactFeatures.withContactFeatures(customers(), Optional.empty(), Optional.empty(),
        Optional.empty());

    assertThat(Fixtures.values(result.select(features())).get(0)).isEqualTo(java.util.Arrays.asList(
        "c1", null, null, null, null, null, null, null, null, null, null, null, null, null, "unknown"));
  }

  @Test
  void attitudeFollowsTheThresholdsOfTheScale() {
    FeedbackConfig stars = new FeedbackConfig(NPS.source(), FeedbackConfig.Scale.STARS, 4, 2.5);
    Dataset<Row> ratings = Fixtures.table(FeedbackColumns.SCHEMA,
        rating("c1", "2024-12-01", 4, false), rating("c2", "2024-12-01", 3, false),
        rating("c3", "2024-12-01", 2, false), rating("c3", "2024-12-02", 3, false));

    Dataset<Row> result = ContactFeatures.withContactFeatures(customers(), Optional.empty(),
        Optional.of(ContactFeatures.feedbackPerCustomer(ratings, AS_OF)), Optional.of(stars));

    assertThat(Fixtures.values(result.select(CustomerColumns.CUSTOMER_ID, ContactColumns.AVG_SCORE_365D,
        ContactColumns.NPS_CLASS, ContactColumns.ATTITUDE))).isEqualTo(Fixtures.rows(
            Fixtures.row("c1", 4.0, null, "positive"), Fixtures.row("c2", 3.0, null, "neutral"),
            Fixtures.row("c3", 2.5, null, "negative")));
  }
}
