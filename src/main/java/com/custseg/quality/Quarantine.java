package com.custseg.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Splits validated rows by the working reason column into the ones the job uses, the exact duplicates it removes
 * (counted, not rejected) and the {@code rejects} rows.
 */
public final class Quarantine {
  /** Working marker of an exact copy of a kept row: removed once and counted, not a reject. */
  public static final String DUPLICATE = "DUPLICATE";

  public static Dataset<Row> kept(Dataset<Row> validated) {
    return validated.filter(col(RejectColumns.WORK_REASON).isNull())
        .drop(RejectColumns.WORK_REASON, RejectColumns.WORK_RECORD);
  }

  /** Rows in the shape of {@link RejectColumns#SCHEMA}. */
  public static Dataset<Row> rejected(Dataset<Row> validated, String source, LocalDate snapshotDate) {
    return validated.filter(col(RejectColumns.WORK_REASON).isNotNull()
            .and(col(RejectColumns.WORK_REASON).notEqual(DUPLICATE)))
        .select(lit(source).as(RejectColumns.SOURCE),
            col(RejectColumns.WORK_REASON).as(RejectColumns.REASON),
            col(RejectColumns.WORK_RECORD).as(RejectColumns.RECORD),
            lit(java.sql.Date.valueOf(snapshotDate)).as(RejectColumns.SNAPSHOT_DATE));
  }

  /** Rows per reason (null reason = kept, {@link #DUPLICATE} = removed copies), a small aggregate for the report. */
  public static Dataset<Row> countsByReason(Dataset<Row> validated) {
    return validated.groupBy(col(RejectColumns.WORK_REASON).as(RejectColumns.REASON)).count();
  }

  /** The split of one source as small driver-side figures (one collected row per reason). */
  public static InputCounts counts(Dataset<Row> validated) {
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    // Bounded: one row per reject reason plus the kept rows' row.
    for (Row r : countsByReason(validated).collectAsList()) {
      counts.put(r.isNullAt(0) ? InputCounts.KEPT : r.getString(0), r.getLong(1));
    }
    return InputCounts.of(counts);
  }

  private Quarantine() {}
}
