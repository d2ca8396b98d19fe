package com.custseg.quality;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The {@code rejects} table: every input row the job could not use, with why. */
public final class RejectColumns {
  public static final String SOURCE = "source";
  public static final String REASON = "reason";
  /** The original record as JSON text, so it can be fixed and replayed. */
  public static final String RECORD = "record";
  public static final String SNAPSHOT_DATE = "snapshot_date";

  public static final StructType SCHEMA = new StructType()
      .add(SOURCE, DataTypes.StringType, false)
      .add(REASON, DataTypes.StringType, false)
      .add(RECORD, DataTypes.StringType, true)
      .add(SNAPSHOT_DATE, DataTypes.DateType, false);

  /** Working columns carried next to a row while it is validated. */
  static final String WORK_REASON = "_reject_reason";
  static final String WORK_RECORD = "_record";
  /** Working flag: the row's customer id was changed by folding (NFKC, trim); counted, then dropped. */
  static final String WORK_ID_NORMALIZED = "_id_normalized";

  private RejectColumns() {}
}
