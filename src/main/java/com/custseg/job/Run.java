package com.custseg.job;

import com.custseg.config.JobConfig;
import com.custseg.io.RunMetrics;
import com.custseg.report.RunResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Identity and timing of one run, for its run_metrics row. */
record Run(String id, Instant startedAt, Stages stages) {
  /** run_metrics.unknown_provinces key of customers without any province. */
  static final String NULL_PROVINCE = "(none)";

  RunMetrics metrics(JobConfig config, LocalDate asOf, String status, Map<String, Long> counts,
      Map<String, Long> rejects, List<RunResult.UnknownProvince> unknown, Map<String, Double> model) {
    return metrics(config, asOf, status, counts, rejects, unknown, model, null);
  }

  /** The row of a run that failed with {@code error}, in the stage it was in. */
  RunMetrics failed(JobConfig config, LocalDate asOf, Map<String, Long> counts, Map<String, Long> rejects,
      List<RunResult.UnknownProvince> unknown, Throwable error) {
    String message = error.getMessage() == null ? "" : error.getMessage().lines().findFirst().orElse("");
    String where = stages.failed() == null ? "" : "stage '" + stages.failed() + "': ";
    return metrics(config, asOf, RunMetrics.FAILED, counts, rejects, unknown, Map.of(),
        where + error.getClass().getSimpleName() + ": " + message);
  }

  private RunMetrics metrics(JobConfig config, LocalDate asOf, String status, Map<String, Long> counts,
      Map<String, Long> rejects, List<RunResult.UnknownProvince> unknown, Map<String, Double> model, String error) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    stages.millis().forEach((stage, ms) -> seconds.put(stage, ms / 1000.0));
    Map<String, Long> provinces = new LinkedHashMap<>();
    unknown.forEach(u -> provinces.put(u.rawValue() == null ? NULL_PROVINCE : u.rawValue(), u.customers()));
    return new RunMetrics(id, asOf, config.step().configName(), startedAt, Instant.now(), BuildInfo.version(),
        config.configHash(), status, counts, rejects, provinces, seconds, model, error);
  }
}
