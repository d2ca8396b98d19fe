package com.custseg.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names each phase of a run in the log and in the Spark UI (job group and description), and times it.
 */
final class Stages {
  private static final Logger LOG = LoggerFactory.getLogger(Stages.class);
  private final SparkContext sc;
  private final Map<String, Long> millis = new LinkedHashMap<>();
  /** The innermost stage an exception left, or null. */
  private String failed;

  Stages(SparkContext sc) {
    this.sc = sc;
  }

  <T> T run(String name, Supplier<T> work) {
    LOG.info("stage {}: started", name);
    sc.setJobGroup(name, name, false);
    long start = System.nanoTime();
    try {
      return work.get();
    } catch (RuntimeException | Error e) {
      if (failed == null) {
        failed = name;
      }
      throw e;
    } finally {
      long ms = (System.nanoTime() - start) / 1_000_000;
      millis.merge(name, ms, Long::sum);
      sc.clearJobGroup();
      LOG.info("stage {}: done in {} ms", name, ms);
    }
  }

  void run(String name, Runnable work) {
    run(name, () -> {
      work.run();
      return null;
    });
  }

  /** The stage a failure happened in, innermost first; null when none failed. */
  String failed() {
    return failed;
  }

  Map<String, Long> millis() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(millis));
  }
}
