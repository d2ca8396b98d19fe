package com.custseg.segment;

import com.custseg.config.TierRule;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Lifecycle stage per customer (prospect, new, active, at_risk, lapsed, lost with the published rules): the first
 * rule of segmentation.lifecycle whose Spark SQL condition holds, else the default. Conditions are checked like the
 * value tier conditions.
 */
public final class LifecycleStage {
  private static final String KIND = "lifecycle stage";

  /** Checks every stage condition against the columns the rules will see, without running a job. */
  public static void validate(Dataset<Row> customers, List<TierRule> rules) {
    validate(customers, rules, column -> false);
  }

  /** As {@link #validate(Dataset, List)}, also rejecting conditions that read a personal-data column. */
  public static void validate(Dataset<Row> customers, List<TierRule> rules, Predicate<String> personalData) {
    TierAssignment.validate(customers, rules, KIND, personalData);
  }

  /** Adds lifecycle_stage, lifecycle_stage_name and lifecycle_stage_rule. */
  public static Dataset<Row> withLifecycleStage(Dataset<Row> customers, List<TierRule> rules) {
    return TierAssignment.withFirstMatch(customers, rules, SegmentColumns.LIFECYCLE_STAGE,
        SegmentColumns.LIFECYCLE_STAGE_NAME, SegmentColumns.LIFECYCLE_STAGE_RULE);
  }

  private LifecycleStage() {}
}
