package com.custseg.testing;

import com.custseg.job.SparkSessions;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession shared by the whole test suite (surefire runs every test class in one JVM).
 * Built lazily on first use with the same settings the job uses, shrunk for tiny fixtures.
 */
public final class TestSpark {
  /**
   * Resource lock of the test classes that register session-wide temp views by fixed names (test classes run two at a
   * time, see junit-platform.properties).
   */
  public static final String TEMP_VIEWS = "spark-temp-views";
  /**
   * Held by the test classes with the most pipeline runs (the monthly history, the recommendation holdout): two of
   * them at once in the suite's one JVM ran out of execution memory (tasks waiting minutes for a 64 MB page, then a
   * broadcast failing), so they never run at the same time; each still runs beside the lighter classes.
   */
  public static final String LARGE_PIPELINES = "large-pipelines";
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
          // Retention turns this off around its own VACUUM and restores it; off for the whole suite, so that a test
          // running beside another one's VACUUM never sees it switched back on half-way.
          .config("spark.databricks.delta.retentionDurationCheck.enabled", "false")
          // Tiny fixtures: compiling generated code for every new query costs more than evaluating the rows, so the
          // suite runs Spark's interpreted expression paths (the same results; Spark's own tests run both ways).
          .config("spark.sql.codegen.wholeStage", "false")
          .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  private TestSpark() {}
}
