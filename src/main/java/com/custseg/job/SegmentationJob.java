package com.custseg.job;

import com.custseg.config.ConfigException;
import com.custseg.config.ConfigLoader;
import com.custseg.config.JobArgs;
import com.custseg.config.JobConfig;
import com.custseg.report.SummaryPrinter;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: parse the flags, load and validate the settings (before Spark starts), build the session, run the
 * pipeline, print the summary. Exit code 2 for a configuration error, 1 for a failed run.
 */
public final class SegmentationJob {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationJob.class);

  public static void main(String[] args) {
    JobConfig config;
    try {
      config = ConfigLoader.load(JobArgs.parse(args));
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession spark = SparkSessions.builder(config.appName(), config.master())
        .config("spark.sql.session.timeZone", config.timeZone())
        .getOrCreate();
    int status = 0;
    try {
      SummaryPrinter.print(SegmentationPipeline.run(spark, config), System.out);
    } catch (ConfigException e) {
      LOG.error("configuration error: {}", e.getMessage());
      status = 2;
    } catch (RuntimeException e) {
      LOG.error("run failed: {}", e.getMessage(), e);
      status = 1;
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  private SegmentationJob() {}
}
