package com.custseg.config;

/**
 * How a run on a small input stays small: Spark's fixed costs per shuffle partition and per task (hundreds of empty
 * tasks per job with the cluster's {@code spark.sql.shuffle.partitions}) dominate a run on a few megabytes.
 *
 * @param maxBytes inputs whose files hold at most this many bytes (as stored, compressed or not) are small; 0 turns
 *     the rule off
 * @param shufflePartitions the shuffle partitions of a run on a small input (never more than Spark's setting)
 */
public record SmallInputConfig(long maxBytes, int shufflePartitions) {
  public static final String MAX_BYTES = "segmentation.spark.small-input.max-bytes";
  public static final String SHUFFLE_PARTITIONS = "segmentation.spark.small-input.shuffle-partitions";

  public SmallInputConfig {
    if (maxBytes < 0) {
      throw new ConfigException(MAX_BYTES + " must not be negative, got: " + maxBytes);
    }
    if (shufflePartitions < 1) {
      throw new ConfigException(SHUFFLE_PARTITIONS + " must be at least 1, got: " + shufflePartitions);
    }
  }

  /** Whether an input of {@code bytes} is small. */
  public boolean isSmall(long bytes) {
    return bytes <= maxBytes;
  }
}
