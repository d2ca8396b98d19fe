package com.custseg.job;

import org.apache.spark.sql.SparkSession;

/** Builds the job's SparkSession: Delta Lake wired in, adaptive execution on, everything else left to spark-submit. */
public final class SparkSessions {

  /**
   * A builder with the settings the job cannot run without. {@code master} is only set when given, so that
   * spark-submit's {@code --master} wins on a cluster.
   */
  public static SparkSession.Builder builder(String appName, String master) {
    SparkSession.Builder builder = SparkSession.builder()
        .appName(appName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.adaptive.enabled", "true")
        // Lets adaptive execution coalesce the partitions of persisted datasets too: the job persists its
        // per-customer tables, and without this every later job over them runs spark.sql.shuffle.partitions tasks.
        .config("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true")
        // Spark 4 limits CSV/JSON encodings to a few Unicode ones; Chinese exports are often GBK or GB18030.
        .config("spark.sql.legacy.javaCharsets", "true");
    if (master != null && !master.isBlank()) {
      builder = builder.master(master);
    }
    return builder;
  }

  private SparkSessions() {}
}
