package com.custseg.features;

import java.util.List;

/** The per-customer features of the interactions and the feedback, columns of customer_segments. */
public final class ContactColumns {
  public static final String INTERACTIONS_90D = "interactions_90d";
  public static final String INTERACTIONS_365D = "interactions_365d";
  public static final String ONLINE_INTERACTIONS_365D = "online_interactions_365d";
  public static final String OFFLINE_INTERACTIONS_365D = "offline_interactions_365d";
  public static final String INQUIRIES_90D = "inquiries_90d";
  public static final String COMPLAINTS_365D = "complaints_365d";
  public static final String DAYS_SINCE_LAST_INTERACTION = "days_since_last_interaction";
  public static final String PREFERRED_CHANNEL = "preferred_channel";
  public static final String ONLINE_SHARE = "online_share";
  public static final String FEEDBACK_COUNT_365D = "feedback_count_365d";
  public static final String AVG_SCORE_365D = "avg_score_365d";
  public static final String LATEST_SCORE = "latest_score";
  public static final String NPS_CLASS = "nps_class";
  public static final String ATTITUDE = "attitude";

  public static final String PROMOTER = "promoter";
  public static final String PASSIVE = "passive";
  public static final String DETRACTOR = "detractor";
  public static final String POSITIVE = "positive";
  public static final String NEUTRAL = "neutral";
  public static final String NEGATIVE = "negative";
  /** Attitude of a customer without feedback in the last 365 days (or of every customer without the source). */
  public static final String UNKNOWN = "unknown";

  /** In the order of customer_segments. */
  public static final List<String> ALL = List.of(INTERACTIONS_90D, INTERACTIONS_365D, ONLINE_INTERACTIONS_365D,
      OFFLINE_INTERACTIONS_365D, INQUIRIES_90D, COMPLAINTS_365D, DAYS_SINCE_LAST_INTERACTION, PREFERRED_CHANNEL,
      ONLINE_SHARE, FEEDBACK_COUNT_365D, AVG_SCORE_365D, LATEST_SCORE, NPS_CLASS, ATTITUDE);

  private ContactColumns() {}
}
