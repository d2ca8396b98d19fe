package com.custseg.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.io.TransactionColumns;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
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
        .drop(RejectColumns.WORK_REASON, RejectColumns.WORK_RECORD, RejectColumns.WORK_ID_NORMALIZED);
  }

  /**
   * The validated rows with the source record only where {@link #rejected} will write it (rows with a reject reason
   * other than {@link #DUPLICATE}): what a run keeps in memory after its checks. The record is the largest column of
   * every row, and nothing reads it for kept rows or removed copies once the duplicates are marked.
   */
  public static Dataset<Row> withRecordOfRejectsOnly(Dataset<Row> validated) {
    Column reason = col(RejectColumns.WORK_REASON);
    return validated.withColumn(RejectColumns.WORK_RECORD,
        when(reason.isNotNull().and(reason.notEqual(DUPLICATE)), col(RejectColumns.WORK_RECORD)));
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
    return tally(validated).counts();
  }

  /**
   * The split of one source with what cleaning changed, from one aggregation: the rows per reason, the rows whose
   * customer id was folded (NFKC, trim), and the money of the removed duplicates (zero for a source without amounts).
   */
  public record Tally(InputCounts counts, long idsNormalized, BigDecimal duplicateAmount) {}

  public static Tally tally(Dataset<Row> validated) {
    boolean hasAmount = java.util.Arrays.asList(validated.columns()).contains(TransactionColumns.AMOUNT);
    boolean hasFlag = java.util.Arrays.asList(validated.columns()).contains(RejectColumns.WORK_ID_NORMALIZED);
    Column amount = hasAmount ? sum(col(TransactionColumns.AMOUNT)) : lit(null).cast(TransactionColumns.MONEY);
    Column folded = hasFlag ? sum(when(col(RejectColumns.WORK_ID_NORMALIZED), 1L).otherwise(0L)) : lit(0L);
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    long idsNormalized = 0;
    BigDecimal duplicateAmount = BigDecimal.ZERO.setScale(2);
    // Bounded: one row per reject reason plus the kept rows' row.
    for (Row r : validated.groupBy(col(RejectColumns.WORK_REASON).as(RejectColumns.REASON))
        .agg(count(lit(1)), amount, folded).collectAsList()) {
      String reason = r.isNullAt(0) ? InputCounts.KEPT : r.getString(0);
      counts.put(reason, r.getLong(1));
      idsNormalized += r.isNullAt(3) ? 0 : r.getLong(3);
      if (reason.equals(DUPLICATE) && !r.isNullAt(2)) {
        duplicateAmount = r.getDecimal(2);
      }
    }
    return new Tally(InputCounts.of(counts), idsNormalized, duplicateAmount);
  }

  private Quarantine() {}
}
