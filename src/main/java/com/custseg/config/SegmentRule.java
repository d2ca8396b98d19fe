package com.custseg.config;

import java.util.regex.Pattern;

/**
 * One RFM segment rule: customers whose r, f and m scores all fall in the ranges get the segment, unless an earlier
 * rule matched. Several rules may give the same segment (same code and name).
 *
 * @param number position in segmentation.segments.rules, from 1 (the precedence)
 * @param code ASCII segment code written to the tables, e.g. champions
 * @param name display name, e.g. 重要价值客户
 */
public record SegmentRule(int number, String code, String name, ScoreRange r, ScoreRange f, ScoreRange m) {

  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");

  public SegmentRule {
    if (!CODE.matcher(code).matches()) {
      throw new ConfigException("segment rule " + number + ": code must be lower-case ASCII ([a-z][a-z0-9_]*), got: '"
          + code + "'");
    }
    if (name.isBlank()) {
      throw new ConfigException("segment rule " + number + " '" + code + "' needs a display name");
    }
  }

  public boolean matches(int rScore, int fScore, int mScore) {
    return r.contains(rScore) && f.contains(fScore) && m.contains(mScore);
  }

  /** What the output's rfm_segment_rule says, e.g. "1: r=4-5 f=4-5 m=4-5". */
  public String label() {
    return number + ": r=" + r + " f=" + f + " m=" + m;
  }

  /** How errors name the rule, e.g. rule 1 'champions' (r=4-5 f=4-5 m=4-5). */
  public String describe() {
    return "rule " + number + " '" + code + "' (r=" + r + " f=" + f + " m=" + m + ")";
  }
}
