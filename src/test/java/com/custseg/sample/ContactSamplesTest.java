package com.custseg.sample;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.sample.SampleDataGenerator.GeneratorSettings;
import com.custseg.testing.TestSpark;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated interactions and ratings: their columns, and the patterns the sample is meant to show. */
class ContactSamplesTest {
  private static final SparkSession SPARK = TestSpark.session();
  /** 20,000 lines, 2,000 customers, 10,000 interactions and 2,500 ratings. */
  private static final GeneratorSettings MEDIUM = GeneratorSettings.parse("--output", "unused",
      "--transactions", "20000");
  private static Dataset<Row> interactions;
  private static Dataset<Row> feedback;
  private static Dataset<Row> lastPurchase;

  @BeforeAll
  static void generate() {
    interactions = ContactSamples.interactions(SPARK, MEDIUM).cache();
    feedback = ContactSamples.feedback(SPARK, MEDIUM).cache();
    lastPurchase = SampleDataGenerator.transactions(SPARK, MEDIUM).where("order_id LIKE 'O%'")
        .groupBy("customer_id").agg(max("order_time").as("last"), count(lit(1)).as("lines")).cache();
  }

  @AfterAll
  static void release() {
    interactions.unpersist();
    feedback.unpersist();
    lastPurchase.unpersist();
  }

  @Test
  void tablesHaveTheExportColumnsAndTheRequestedRows() {
    assertThat(interactions.columns()).containsExactlyElementsOf(ContactSamples.INTERACTION_COLUMNS);
    assertThat(feedback.columns()).containsExactlyElementsOf(ContactSamples.FEEDBACK_COLUMNS);
    assertThat(interactions.count()).isEqualTo(10_000);
    assertThat(feedback.count()).isEqualTo(2_500);
    assertThat(feedback.where("score < 0 OR score > 10").count()).isZero();
    LocalDateTime start = MEDIUM.startDate().atStartOfDay();
    LocalDateTime afterEnd = MEDIUM.endDate().plusDays(1).atStartOfDay();
    for (Dataset<Row> t : List.of(interactions.withColumnRenamed("interaction_time", "t"),
        feedback.withColumnRenamed("feedback_time", "t"))) {
      assertThat(t.where(col("t").lt(lit(start)).or(col("t").geq(lit(afterEnd)))).count()).isZero();
    }
  }

  @Test
  void channelsAreSpelledAsExportsDoWithAFewTheConfigDoesNotKnow() {
    long rows = interactions.count();
    long chinese = interactions.where(col("channel").isin(ContactSamples.CHANNEL_SPELLINGS.toArray())).count();
    long unknown = interactions.where(col("channel").equalTo(ContactSamples.UNKNOWN_CHANNEL)).count();
    assertThat(chinese / (double) rows).isBetween(0.15, 0.25);
    assertThat(unknown / (double) rows).isBetween(0.001, 0.006);
    assertThat(interactions.where("channel IN ('web', 'app', 'wechat', 'email') AND duration IS NOT NULL").count())
        .isZero();
  }

  @Test
  void complainersStopBuyingMoreOftenAndScoreLower() {
    // A customer who complained at least twice, against one who never complained: the share whose last purchase is
    // more than 180 days before the end date, among buyers with 5+ purchase lines.
    Dataset<Row> complaints = interactions.groupBy("customer_id")
        .agg(count(org.apache.spark.sql.functions.when(col("type").equalTo("complaint"), 1)).as("complaints"));
    Dataset<Row> buyers = lastPurchase.where("lines >= 5").join(complaints, "customer_id")
        .withColumn("silent", col("last").lt(lit(MEDIUM.endDate().minusDays(180).atStartOfDay())));
    double complainers = silentShare(buyers.where("complaints >= 2"));
    double others = silentShare(buyers.where("complaints = 0"));
    assertThat(complainers).isGreaterThan(others * 1.5);

    Dataset<Row> scores = feedback.join(complaints, "customer_id");
    double complainerScore = scores.where("complaints >= 2").agg(avg("score")).first().getDouble(0);
    double otherScore = scores.where("complaints = 0").agg(avg("score")).first().getDouble(0);
    assertThat(otherScore - complainerScore).isGreaterThan(1.5);
    assertThat(feedback.where("complaint = '是' AND score > 4").count()).isZero();
  }

  private static double silentShare(Dataset<Row> buyers) {
    return buyers.where("silent").count() / (double) buyers.count();
  }
}
