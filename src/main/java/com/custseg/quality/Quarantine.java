package com.custseg.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Splits validated rows into the ones the job uses and the {@code rejects} rows, by the working reason column. */
public final class Quarantine {

  public static Dataset<Row> kept(Dataset<Row> validated) {
    return validated.filter(col(RejectColumns.WORK_REASON).isNull())
        .drop(RejectColumns.WORK_REASON, RejectColumns.WORK_RECORD);
  }

  /** Rows in the shape of {@link RejectColumns#SCHEMA}. */
  public static Dataset<Row> rejected(Dataset<Row> validated, String source, LocalDate snapshotDate) {
    return validated.filter(col(RejectColumns.WORK_REASON).isNotNull())
        .select(lit(source).as(RejectColumns.SOURCE),
            col(RejectColumns.WORK_REASON).as(RejectColumns.REASON),
            col(RejectColumns.WORK_RECORD).as(RejectColumns.RECORD),
            lit(java.sql.Date.valueOf(snapshotDate)).as(RejectColumns.SNAPSHOT_DATE));
  }

  /** Rows per reason (null reason = kept), a small aggregate for the quality report. */
  public static Dataset<Row> countsByReason(Dataset<Row> validated) {
    return validated.groupBy(col(RejectColumns.WORK_REASON).as(RejectColumns.REASON)).count();
  }

  private Quarantine() {}
}
