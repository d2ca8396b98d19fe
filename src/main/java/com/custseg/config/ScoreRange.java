package com.custseg.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An inclusive range of RFM scores, written in config as "4-5" or "5" (omitted: every score). */
public record ScoreRange(int min, int max) {
  private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*(?:-\\s*(\\d+)\\s*)?");

  public ScoreRange {
    if (min > max) {
      throw new ConfigException("score range " + min + "-" + max + " is empty: the lower end is above the upper");
    }
  }

  /**
   * @param text "lo-hi" or "n"
   * @param where the config key, for the error
   */
  public static ScoreRange parse(String text, String where) {
    Matcher m = RANGE.matcher(text);
    if (!m.matches()) {
      throw new ConfigException(where + " must be a score or a range of scores like \"4-5\", got: \"" + text + "\"");
    }
    int min = Integer.parseInt(m.group(1));
    int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
    if (min > max) {
      throw new ConfigException(where + " = \"" + text + "\" is empty: the lower end is above the upper");
    }
    return new ScoreRange(min, max);
  }

  public boolean contains(int score) {
    return score >= min && score <= max;
  }

  @Override
  public String toString() {
    return min == max ? Integer.toString(min) : min + "-" + max;
  }
}
