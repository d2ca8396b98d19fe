package com.custseg.segment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.RfmSegmentRules;
import com.custseg.config.ScoreRange;
import com.custseg.config.SegmentRule;
import com.custseg.config.TierRule;
import com.custseg.features.RfmColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Gives each customer one of the standard RFM segments from its r, f and m scores: the first rule of
 * {@link RfmSegmentRules} whose three score ranges hold, else the default; customers without scores get the
 * no-scores segment. The rule set was checked over every score combination when it was loaded, so every scored
 * customer matches exactly one rule (or the default).
 */
public final class RfmSegments {
  /** Value of rfm_segment_rule for customers who matched no rule. */
  public static final String DEFAULT_RULE = "default";
  /** Value of rfm_segment_rule for customers without scores. */
  public static final String NO_SCORES_RULE = "no scores";

  /** Adds rfm_segment, rfm_segment_name and rfm_segment_rule. */
  public static Dataset<Row> withRfmSegment(Dataset<Row> customers, RfmSegmentRules segments) {
    Column unscored = col(RfmColumns.R_SCORE).isNull().or(col(RfmColumns.F_SCORE).isNull())
        .or(col(RfmColumns.M_SCORE).isNull());
    TierRule none = segments.noScores();
    Column code = when(unscored, lit(none.code()));
    Column name = when(unscored, lit(none.name()));
    Column rule = when(unscored, lit(NO_SCORES_RULE));
    for (SegmentRule r : segments.rules()) {
      Column matches = within(RfmColumns.R_SCORE, r.r()).and(within(RfmColumns.F_SCORE, r.f()))
          .and(within(RfmColumns.M_SCORE, r.m()));
      code = code.when(matches, lit(r.code()));
      name = name.when(matches, lit(r.name()));
      rule = rule.when(matches, lit(r.label()));
    }
    if (segments.fallback().isPresent()) {
      TierRule fallback = segments.fallback().get();
      code = code.otherwise(lit(fallback.code()));
      name = name.otherwise(lit(fallback.name()));
      rule = rule.otherwise(lit(DEFAULT_RULE));
    }
    return customers
        .withColumn(SegmentColumns.RFM_SEGMENT, code)
        .withColumn(SegmentColumns.RFM_SEGMENT_NAME, name)
        .withColumn(SegmentColumns.RFM_SEGMENT_RULE, rule);
  }

  private static Column within(String score, ScoreRange range) {
    return col(score).between(range.min(), range.max());
  }

  private RfmSegments() {}
}
