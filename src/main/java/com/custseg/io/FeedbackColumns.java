package com.custseg.io;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Column names and schema of the cleaned feedback (feedback_clean): one row per rating or review. The free-text label
 * of the source is deliberately absent.
 */
public final class FeedbackColumns {
  public static final String CUSTOMER_ID = "customer_id";
  public static final String FEEDBACK_TS = "feedback_ts";
  public static final String FEEDBACK_DATE = "feedback_date";
  public static final String SCORE = "score";
  /** True when the source flags the feedback as a complaint; false when it does not (or has no flag). */
  public static final String IS_COMPLAINT = "is_complaint";
  public static final String CATEGORY = "category";

  public static final StructType SCHEMA = new StructType()
      .add(CUSTOMER_ID, DataTypes.StringType, false)
      .add(FEEDBACK_TS, DataTypes.TimestampType, false)
      .add(FEEDBACK_DATE, DataTypes.DateType, false)
      .add(SCORE, DataTypes.DoubleType, false)
      .add(IS_COMPLAINT, DataTypes.BooleanType, false)
      .add(CATEGORY, DataTypes.StringType, true);

  private FeedbackColumns() {}
}
