package com.custseg.config;

/**
 * The optional feedback source (segmentation.input.feedback): one row per rating or review. Scores outside the
 * scale are rejected as BAD_SCORE. The free-text label, when the source has one, is never read into a table: its
 * column is left out of the rejects' records too.
 *
 * @param source where the rows come from and how customer_id, feedback_time, score, complaint, category and label
 *     map to its columns (label: a source column name)
 * @param scale stars (1-5) or nps (0-10)
 * @param positiveAtLeast attitude positive when the mean score of the last 365 days is at least this
 * @param negativeAtMost attitude negative when it is at most this
 */
public record FeedbackConfig(SourceConfig source, Scale scale, double positiveAtLeast, double negativeAtMost) {
  public static final String KEY = "segmentation.input.feedback";
  public static final String SCALE = KEY + ".scale";
  public static final String POSITIVE_AT_LEAST = KEY + ".attitude.positive-at-least";
  public static final String NEGATIVE_AT_MOST = KEY + ".attitude.negative-at-most";
  /** Logical fields of the source. */
  public static final String CUSTOMER_ID = "customer_id";
  public static final String TIME = "feedback_time";
  public static final String SCORE = "score";
  public static final String COMPLAINT = "complaint";
  public static final String CATEGORY = "category";
  public static final String LABEL = "label";

  /** The rating scale of the scores; nps_class is given on the nps scale only. */
  public enum Scale {
    STARS(1, 5), NPS(0, 10);

    private final int min;
    private final int max;

    Scale(int min, int max) {
      this.min = min;
      this.max = max;
    }

    public int min() {
      return min;
    }

    public int max() {
      return max;
    }
  }

  public FeedbackConfig {
    source.requireColumns(CUSTOMER_ID, TIME, SCORE);
    String label = source.column(LABEL);
    if (label != null && !label.matches("`[^`]+`|[\\p{L}\\p{N}_]+")) {
      throw new ConfigException(KEY + ".columns.label must be a source column name (it is left out of the rejects"
          + " records), got: " + label);
    }
    for (var t : new Object[][] {{POSITIVE_AT_LEAST, positiveAtLeast}, {NEGATIVE_AT_MOST, negativeAtMost}}) {
      double v = (Double) t[1];
      if (!(v >= scale.min() && v <= scale.max())) {
        throw new ConfigException(t[0] + " must lie on the " + scale.name().toLowerCase(java.util.Locale.ROOT)
            + " scale [" + scale.min() + ", " + scale.max() + "], got: " + v);
      }
    }
    if (!(negativeAtMost < positiveAtLeast)) {
      throw new ConfigException(NEGATIVE_AT_MOST + " must be below " + POSITIVE_AT_LEAST + ", got: " + negativeAtMost
          + " and " + positiveAtLeast);
    }
  }
}
