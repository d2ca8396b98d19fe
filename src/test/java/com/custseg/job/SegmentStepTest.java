package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.JobConfig;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment step on its own needs the silver tables of an earlier ingest run. */
class SegmentStepTest {
  @TempDir
  Path dir;

  @Test
  void migrationComparesTierClusterLoyaltyAndMotiveOfBothSnapshotsAttitudeOnlyWithFeedback() throws Exception {
    Path feedback = Files.writeString(dir.resolve("feedback.csv"), "customer_id,feedback_time,score\n");
    StructType old = new StructType().add("customer_id", DataTypes.StringType).add("value_tier", DataTypes.StringType)
        .add("cluster_id", DataTypes.IntegerType).add("attitude", DataTypes.StringType);
    Dataset<Row> before = TestSpark.session().createDataFrame(List.of(), old);
    Dataset<Row> now = TestSpark.session().createDataFrame(List.of(), old.add("loyalty", DataTypes.StringType)
        .add("motive", DataTypes.StringType));
    JobConfig withoutFeedback = TestConfigs.load();
    JobConfig withFeedback = TestConfigs.load("--set", "segmentation.input.feedback.path=" + feedback);
    JobConfig noMotiveFields = TestConfigs.load("--set", "segmentation.input.transactions.columns.category=");

    assertThat(SegmentStep.migrationDimensions(withoutFeedback, before, now)).containsExactly("value_tier",
        "cluster_id");
    assertThat(SegmentStep.migrationDimensions(withoutFeedback, now, now)).containsExactly("value_tier",
        "cluster_id", "loyalty", "motive");
    assertThat(SegmentStep.migrationDimensions(withFeedback, now, now)).containsExactly("value_tier",
        "cluster_id", "loyalty", "attitude", "motive");
    // No category, brand, discount or list price: every motive feature is null, so motive compares nothing.
    assertThat(SegmentStep.migrationDimensions(noMotiveFields, now, now)).containsExactly("value_tier",
        "cluster_id", "loyalty");
  }

  @Test
  void segmentingWithoutAnIngestedSnapshotFailsSayingWhatToRunFirst() {
    JobConfig config = TestConfigs.load("--output", dir.toString(), "--step", "segment");

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("--step segment needs the silver tables of an ingest run, but "
            + dir.resolve("customers_clean") + " cannot be read: run --step ingest first (");
  }
}
