package com.custseg.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.FeedbackConfig;
import com.custseg.config.InteractionsConfig;
import com.custseg.config.SourceConfig;
import com.custseg.io.CustomerColumns;
import com.custseg.io.FeedbackColumns;
import com.custseg.io.InteractionColumns;
import com.custseg.testing.Fixtures;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The interactions and feedback are typed, deduplicated and quarantined like the customers and transactions. */
class ContactCleaningTest {
  private static final String ZONE = "Asia/Shanghai";
  private static final LocalDate AS_OF = LocalDate.parse("2025-01-01");

  static SourceConfig source(String key, Map<String, String> columns) {
    return new SourceConfig(key, "csv", "unused.csv", Map.of(), columns, "", "yyyy-MM-dd HH:mm:ss", "",
        SourceConfig.Currency.NONE, "");
  }

  static InteractionsConfig interactionsConfig() {
    return new InteractionsConfig(source(InteractionsConfig.KEY, Map.of("customer_id", "cid",
        "interaction_time", "ts", "channel", "ch", "type", "kind", "duration", "secs")),
        Map.of("微信", "wechat", "Tel", "phone"), Set.of("web", "wechat"), Set.of("phone", "store"));
  }

  static FeedbackConfig feedbackConfig(FeedbackConfig.Scale scale, double positive, double negative) {
    return new FeedbackConfig(source(FeedbackConfig.KEY, Map.of("customer_id", "cid", "feedback_time", "ts",
        "score", "stars", "complaint", "flag", "label", "comment")), scale, positive, negative);
  }

  private static final StructType RAW_INTERACTIONS = new StructType().add("cid", DataTypes.StringType)
      .add("ts", DataTypes.StringType).add("ch", DataTypes.StringType).add("kind", DataTypes.StringType)
      .add("secs", DataTypes.StringType);
  private static final StructType RAW_FEEDBACK = new StructType().add("cid", DataTypes.StringType)
      .add("ts", DataTypes.StringType).add("stars", DataTypes.StringType).add("flag", DataTypes.StringType)
      .add("comment", DataTypes.StringType);

  private static Dataset<Row> known(String... ids) {
    return Fixtures.table(new StructType().add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType),
        java.util.Arrays.stream(ids).map(id -> new Object[] {id}).toArray(Object[][]::new));
  }

  @Test
  void interactionsGetTheirChannelThroughTheAliasesAndEachBadRowItsReason() {
    Dataset<Row> raw = Fixtures.table(RAW_INTERACTIONS,
        Fixtures.row("c1", "2024-12-30 10:00:00", " 微信 ", "Inquiry", "30"),
        Fixtures.row("c1", "2024-12-30 10:00:00", " 微信 ", "Inquiry", "30"), // exact copy: a duplicate
        Fixtures.row("c1", "2024-12-31 09:00:00", "TEL", "complaint", ""),
        Fixtures.row("c2", "2024-12-01 08:00:00", "fax", "visit", ""),
        Fixtures.row(null, "2024-12-01 08:00:00", "web", "visit", ""),
        Fixtures.row("c2", "yesterday", "web", "visit", ""),
        Fixtures.row("c2", "2024-12-02 08:00:00", "web", "visit", "-5"),
        Fixtures.row("c2", "2025-01-01 00:00:00", "web", "visit", ""),
        Fixtures.row("c9", "2024-12-02 08:00:00", "store", null, ""));

    Dataset<Row> checked = ContactCleaning.withSnapshotChecks(
        InputCleaning.withDuplicatesMarked(ContactCleaning.checkedInteractions(raw, interactionsConfig(), ZONE)),
        InteractionColumns.INTERACTION_DATE, AS_OF, known("c1", "c2"));

    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(9, 2, 1, Map.of("UNKNOWN_CHANNEL", 1L,
        "MISSING_CUSTOMER_ID", 1L, "BAD_DATE", 1L, "BAD_DURATION", 1L, "AFTER_SNAPSHOT", 1L,
        "UNKNOWN_CUSTOMER", 1L)));
    assertThat(Fixtures.values(Quarantine.kept(checked).select(InteractionColumns.INTERACTION_TS,
        InteractionColumns.CUSTOMER_ID, InteractionColumns.INTERACTION_DATE, InteractionColumns.CHANNEL,
        InteractionColumns.CHANNEL_GROUP, InteractionColumns.INTERACTION_TYPE, InteractionColumns.DURATION)
        .withColumn(InteractionColumns.INTERACTION_TS,
            org.apache.spark.sql.functions.col(InteractionColumns.INTERACTION_TS).cast("string"))))
        .isEqualTo(Fixtures.rows(
            Fixtures.row("2024-12-30 10:00:00", "c1", Fixtures.date("2024-12-30"), "wechat", "online", "inquiry", 30.0),
            Fixtures.row("2024-12-31 09:00:00", "c1", Fixtures.date("2024-12-31"), "phone", "offline", "complaint",
                null)));
  }

  @Test
  void feedbackScoresOutsideTheScaleAreRejectedAndTheLabelNeverReachesATable() {
    Dataset<Row> raw = Fixtures.table(RAW_FEEDBACK,
        Fixtures.row("c1", "2024-12-30 10:00:00", "5", "", "张三说很好"),
        Fixtures.row("c1", "2024-12-31 10:00:00", "1", "是", "太差了"),
        Fixtures.row("c2", "2024-12-01 10:00:00", "6", "0", "私人信息"),
        Fixtures.row("c2", "2024-12-01 10:00:00", "four", "0", "私人信息"),
        Fixtures.row("c2", "2024-12-01 10:00:00", null, "0", "私人信息"));

    Dataset<Row> checked = ContactCleaning.withSnapshotChecks(InputCleaning.withDuplicatesMarked(
        ContactCleaning.checkedFeedback(raw, feedbackConfig(FeedbackConfig.Scale.STARS, 4, 2), ZONE)),
        FeedbackColumns.FEEDBACK_DATE, AS_OF, known("c1", "c2"));

    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(5, 2, 0, Map.of("BAD_SCORE", 3L)));
    assertThat(Fixtures.values(Quarantine.kept(checked).select(FeedbackColumns.FEEDBACK_DATE,
        FeedbackColumns.CUSTOMER_ID, FeedbackColumns.SCORE, FeedbackColumns.IS_COMPLAINT)))
        .isEqualTo(Fixtures.rows(Fixtures.row(Fixtures.date("2024-12-30"), "c1", 5.0, false),
            Fixtures.row(Fixtures.date("2024-12-31"), "c1", 1.0, true)));
    assertThat(checked.columns()).doesNotContain("comment", "label");
    List<String> records = Quarantine.rejected(checked, "feedback", AS_OF)
        .select(RejectColumns.RECORD).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(records).hasSize(3).allSatisfy(r -> assertThat(r).contains("\"cid\":\"c2\"")
        .doesNotContain("私人信息").doesNotContain("comment"));
  }

  @Test
  void aChannelAliasMustLeadToAChannelOfAGroup() {
    assertThatThrownBy(() -> new InteractionsConfig(interactionsConfig().source(), Map.of("fax", "telefax"),
        Set.of("web"), Set.of("phone")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.interactions.channel-aliases.fax maps to telefax, which is in no channel"
            + " group (segmentation.input.interactions.channel-groups.online,"
            + " segmentation.input.interactions.channel-groups.offline)");
  }

  @Test
  void attitudeThresholdsMustLieOnTheScaleInOrder() {
    assertThatThrownBy(() -> feedbackConfig(FeedbackConfig.Scale.STARS, 8, 2))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.feedback.attitude.positive-at-least must lie on the stars scale [1, 5],"
            + " got: 8.0");
    assertThatThrownBy(() -> feedbackConfig(FeedbackConfig.Scale.NPS, 6, 7))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.feedback.attitude.negative-at-most must be below"
            + " segmentation.input.feedback.attitude.positive-at-least, got: 7.0 and 6.0");
  }
}
