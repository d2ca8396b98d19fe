package com.custseg.testing;

import com.custseg.job.SparkSessions;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession shared by the whole test suite (surefire runs every test class in one JVM).
 * Built lazily on first use with the same settings the job uses, shrunk for tiny fixtures.
 */
public final class TestSpark {
  private static SparkSession session;

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.builder("custseg-tests", "local[2]")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.session.timeZone", "Asia/Shanghai")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  private TestSpark() {}
}
