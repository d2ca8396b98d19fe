package com.custseg.io;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Column names and schema of the cleaned interactions (interactions_clean): one row per contact. */
public final class InteractionColumns {
  public static final String CUSTOMER_ID = "customer_id";
  public static final String INTERACTION_TS = "interaction_ts";
  public static final String INTERACTION_DATE = "interaction_date";
  /** The channel after the configured aliases (web, app, wechat, phone, ...). */
  public static final String CHANNEL = "channel";
  /** online or offline, from segmentation.input.interactions.channel-groups. */
  public static final String CHANNEL_GROUP = "channel_group";
  /** Lower case as in the source (visit, inquiry, complaint, campaign_response, ...); null when not mapped. */
  public static final String INTERACTION_TYPE = "interaction_type";
  public static final String DURATION = "duration";

  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";
  public static final String INQUIRY = "inquiry";
  public static final String COMPLAINT = "complaint";

  public static final StructType SCHEMA = new StructType()
      .add(CUSTOMER_ID, DataTypes.StringType, false)
      .add(INTERACTION_TS, DataTypes.TimestampType, false)
      .add(INTERACTION_DATE, DataTypes.DateType, false)
      .add(CHANNEL, DataTypes.StringType, false)
      .add(CHANNEL_GROUP, DataTypes.StringType, false)
      .add(INTERACTION_TYPE, DataTypes.StringType, true)
      .add(DURATION, DataTypes.DoubleType, true);

  private InteractionColumns() {}
}
