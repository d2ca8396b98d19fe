package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.JobConfig;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run on a small input sets few shuffle partitions for itself, and every setting it changes is put back. */
class RunSettingsTest {
  @TempDir
  Path dir;

  private JobConfig withInputs(String... flags) throws Exception {
    Path customers = dir.resolve("customers.csv");
    Path transactions = dir.resolve("tx");
    Files.createDirectories(transactions);
    Files.writeString(customers, "customer_id,province\nC1,广东省\n");
    Files.writeString(transactions.resolve("part-1.csv"), "order_id,customer_id,order_time,amount\n");
    Files.writeString(transactions.resolve("part-2.csv"), "order_id,customer_id,order_time,amount\nO1,C1,x,1\n");
    List<String> args = new java.util.ArrayList<>(List.of(
        "--set", "segmentation.input.customers.path=" + customers,
        "--set", "segmentation.input.transactions.path=" + transactions));
    args.addAll(List.of(flags));
    return TestConfigs.load(args.toArray(String[]::new));
  }

  @Test
  void theInputSizeIsTheBytesOfEveryFileOfEverySource() throws Exception {
    JobConfig config = withInputs();
    long expected = Files.size(dir.resolve("customers.csv")) + Files.size(dir.resolve("tx/part-1.csv"))
        + Files.size(dir.resolve("tx/part-2.csv"));

    assertThat(RunSettings.inputBytes(TestSpark.session(), List.of(config.customers(), config.transactions())))
        .hasValue(expected);
  }

  @Test
  void aSmallInputRunsWithTheSmallInputShufflePartitionsUntilTheRunEnds() throws Exception {
    SparkSession spark = TestSpark.session();
    String before = spark.conf().get(RunSettings.SHUFFLE_PARTITIONS);
    JobConfig config = withInputs("--set", "segmentation.spark.small-input.max-bytes=1k",
        "--set", "segmentation.spark.small-input.shuffle-partitions=1");

    try (RunSettings settings = RunSettings.apply(spark, config)) {
      assertThat(spark.conf().get(RunSettings.SHUFFLE_PARTITIONS)).isEqualTo("1");
    }
    assertThat(spark.conf().get(RunSettings.SHUFFLE_PARTITIONS)).isEqualTo(before);
  }

  @Test
  void aLargerInputOrOneOfUnknownSizeKeepsSparksShufflePartitions() throws Exception {
    SparkSession spark = TestSpark.session();
    String before = spark.conf().get(RunSettings.SHUFFLE_PARTITIONS);
    JobConfig larger = withInputs("--set", "segmentation.spark.small-input.max-bytes=40",
        "--set", "segmentation.spark.small-input.shuffle-partitions=1");
    JobConfig table = withInputs("--set", "segmentation.spark.small-input.shuffle-partitions=1",
        "--set", "segmentation.input.transactions.format=table",
        "--set", "segmentation.input.transactions.path=sales.orders");
    JobConfig off = withInputs("--set", "segmentation.spark.small-input.max-bytes=0",
        "--set", "segmentation.spark.small-input.shuffle-partitions=1");

    for (JobConfig config : List.of(larger, table, off)) {
      try (RunSettings settings = RunSettings.apply(spark, config)) {
        assertThat(spark.conf().get(RunSettings.SHUFFLE_PARTITIONS)).isEqualTo(before);
      }
    }
  }

  @Test
  void deltaStateIsReconstructedWithOnePartitionPerCoreUnlessSparkSetsIt() throws Exception {
    SparkSession spark = TestSpark.session();
    String before = spark.conf().get(RunSettings.DELTA_SNAPSHOT_PARTITIONS);
    JobConfig config = withInputs();
    try {
      spark.conf().set(RunSettings.DELTA_SNAPSHOT_PARTITIONS, "7");
      try (RunSettings settings = RunSettings.apply(spark, config)) {
        assertThat(spark.conf().get(RunSettings.DELTA_SNAPSHOT_PARTITIONS)).isEqualTo("7");
      }

      spark.conf().unset(RunSettings.DELTA_SNAPSHOT_PARTITIONS);
      try (RunSettings settings = RunSettings.apply(spark, config)) {
        // The shared test session has 2 cores (spark.default.parallelism = 2).
        assertThat(spark.conf().get(RunSettings.DELTA_SNAPSHOT_PARTITIONS)).isEqualTo("2");
      }
      assertThat(spark.conf().contains(RunSettings.DELTA_SNAPSHOT_PARTITIONS)).isFalse();
    } finally {
      spark.conf().set(RunSettings.DELTA_SNAPSHOT_PARTITIONS, before);
    }
  }
}
