package com.custseg.job;

import com.custseg.config.JobConfig;
import com.custseg.config.SmallInputConfig;
import com.custseg.config.SourceConfig;
import com.custseg.io.SourceReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark settings a run sets for itself, put back as they were when it ends (the session may outlive the run: a
 * notebook, the tests):
 * <ul>
 *   <li>On a small input ({@link com.custseg.config.SmallInputConfig}), at most that many shuffle partitions: with
 *       a cluster's 200, every shuffle of a few megabytes runs hundreds of empty tasks.</li>
 *   <li>Delta's state reconstruction with one partition per core unless Spark's setting is smaller or set: the
 *       job's tables have a few files per snapshot, and Delta's 50 partitions made a 50-task job of every read and
 *       write of them.</li>
 * </ul>
 */
final class RunSettings implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunSettings.class);
  static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
  static final String DELTA_SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
  /** Delta's default of {@link #DELTA_SNAPSHOT_PARTITIONS}. */
  static final int DELTA_DEFAULT_SNAPSHOT_PARTITIONS = 50;

  private final SparkSession spark;
  private final Map<String, Optional<String>> before = new LinkedHashMap<>();

  private RunSettings(SparkSession spark) {
    this.spark = spark;
  }

  /** Sets the run's settings for {@code config}'s inputs; {@link #close} puts the previous values back. */
  static RunSettings apply(SparkSession spark, JobConfig config) {
    RunSettings settings = new RunSettings(spark);
    OptionalLong bytes = inputBytes(spark, List.of(config.customers(), config.transactions()));
    int shufflePartitions = Integer.parseInt(spark.conf().get(SHUFFLE_PARTITIONS));
    if (bytes.isPresent() && config.smallInput().isSmall(bytes.getAsLong())
        && config.smallInput().shufflePartitions() < shufflePartitions) {
      LOG.info("input of {} bytes: small (at most {} = {}), {} shuffle partitions instead of {}",
          bytes.getAsLong(), SmallInputConfig.MAX_BYTES, config.smallInput().maxBytes(),
          config.smallInput().shufflePartitions(), shufflePartitions);
      settings.set(SHUFFLE_PARTITIONS, Integer.toString(config.smallInput().shufflePartitions()));
    }
    if (!spark.conf().contains(DELTA_SNAPSHOT_PARTITIONS)) {
      int cores = Math.max(1, spark.sparkContext().defaultParallelism());
      settings.set(DELTA_SNAPSHOT_PARTITIONS, Integer.toString(Math.min(cores, DELTA_DEFAULT_SNAPSHOT_PARTITIONS)));
    }
    return settings;
  }

  /** The stored bytes of all sources, or empty when one of them has no known size. */
  static OptionalLong inputBytes(SparkSession spark, List<SourceConfig> sources) {
    long total = 0;
    for (SourceConfig source : sources) {
      if (source.absent()) {
        continue;
      }
      OptionalLong bytes = SourceReader.storedBytes(spark, source);
      if (bytes.isEmpty()) {
        return OptionalLong.empty();
      }
      total += bytes.getAsLong();
    }
    return OptionalLong.of(total);
  }

  private void set(String key, String value) {
    before.putIfAbsent(key, spark.conf().contains(key) ? Optional.of(spark.conf().get(key)) : Optional.empty());
    spark.conf().set(key, value);
  }

  @Override
  public void close() {
    before.forEach((key, value) -> value.ifPresentOrElse(v -> spark.conf().set(key, v),
        () -> spark.conf().unset(key)));
  }
}
