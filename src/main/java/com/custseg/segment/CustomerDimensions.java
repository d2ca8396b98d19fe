package com.custseg.segment;

import com.custseg.config.TierRule;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Dimensions of a customer beyond value: the loyalty level, the first rule of segmentation.loyalty whose Spark SQL
 * condition holds, else the default, and the buying motive, likewise from segmentation.motive. Loyalty conditions
 * may combine repeat purchases, tenure, attitude and complaints; motive conditions the motive features (discount
 * share, price level, brand and category concentration) and loyalty. Both are checked at start like the value tier
 * conditions.
 */
public final class CustomerDimensions {
  private static final String LOYALTY_KIND = "loyalty level";
  private static final String MOTIVE_KIND = "buying motive";

  /** Checks every loyalty condition against the columns the rules will see, without running a job. */
  public static void validateLoyalty(Dataset<Row> customers, List<TierRule> rules, Predicate<String> personalData) {
    TierAssignment.validate(customers, rules, LOYALTY_KIND, personalData);
  }

  /** Adds loyalty, loyalty_name and loyalty_rule. */
  public static Dataset<Row> withLoyalty(Dataset<Row> customers, List<TierRule> rules) {
    return TierAssignment.withFirstMatch(customers, rules, SegmentColumns.LOYALTY, SegmentColumns.LOYALTY_NAME,
        SegmentColumns.LOYALTY_RULE);
  }

  /** Checks every motive condition against the columns the rules will see, without running a job. */
  public static void validateMotive(Dataset<Row> customers, List<TierRule> rules, Predicate<String> personalData) {
    TierAssignment.validate(customers, rules, MOTIVE_KIND, personalData);
  }

  /** Adds motive, motive_name and motive_rule. */
  public static Dataset<Row> withMotive(Dataset<Row> customers, List<TierRule> rules) {
    return TierAssignment.withFirstMatch(customers, rules, SegmentColumns.MOTIVE, SegmentColumns.MOTIVE_NAME,
        SegmentColumns.MOTIVE_RULE);
  }

  private CustomerDimensions() {}
}
