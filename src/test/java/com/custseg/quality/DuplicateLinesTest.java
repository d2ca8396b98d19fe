package com.custseg.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.io.TransactionColumns;
import com.custseg.testing.Fixtures;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The exact-duplicate mark on checked transaction lines. */
class DuplicateLinesTest {
  private static final StructType LINES = new StructType()
      .add(TransactionColumns.CUSTOMER_ID, DataTypes.StringType)
      .add(RejectColumns.WORK_RECORD, DataTypes.StringType)
      .add(RejectColumns.WORK_REASON, DataTypes.StringType);

  @Test
  void everyCopyOfAKeptRecordAfterTheFirstIsADuplicateAndRejectedLinesKeepTheirReason() {
    Dataset<Row> lines = Fixtures.table(LINES,
        // Three copies of one record: two duplicates.
        new Object[] {"C1", "{\"order_id\":\"O1\",\"amount\":\"10\"}", null},
        new Object[] {"C1", "{\"order_id\":\"O1\",\"amount\":\"10\"}", null},
        new Object[] {"C1", "{\"order_id\":\"O1\",\"amount\":\"10\"}", null},
        // The same order with another amount is another record: kept.
        new Object[] {"C1", "{\"order_id\":\"O1\",\"amount\":\"11\"}", null},
        // Copies of a rejected record keep its reason, with or without a customer id.
        new Object[] {null, "{\"order_id\":\"O2\"}", "MISSING_CUSTOMER_ID"},
        new Object[] {null, "{\"order_id\":\"O2\"}", "MISSING_CUSTOMER_ID"},
        new Object[] {"C2", "{\"order_id\":\"O3\",\"order_time\":\"x\"}", "BAD_DATE"},
        new Object[] {"C2", "{\"order_id\":\"O3\",\"order_time\":\"x\"}", "BAD_DATE"},
        // One copy each for two customers: nothing to remove.
        new Object[] {"C2", "{\"order_id\":\"O4\"}", null},
        new Object[] {"C3", "{\"order_id\":\"O5\"}", null});

    List<Row> marked = InputCleaning.withDuplicatesMarked(lines)
        .groupBy(RejectColumns.WORK_RECORD, RejectColumns.WORK_REASON).count()
        .orderBy(RejectColumns.WORK_RECORD, RejectColumns.WORK_REASON).collectAsList();

    assertThat(marked).extracting(Row::toString).containsExactly(
        "[{\"order_id\":\"O1\",\"amount\":\"10\"},null,1]",
        "[{\"order_id\":\"O1\",\"amount\":\"10\"},DUPLICATE,2]",
        "[{\"order_id\":\"O1\",\"amount\":\"11\"},null,1]",
        "[{\"order_id\":\"O2\"},MISSING_CUSTOMER_ID,2]",
        "[{\"order_id\":\"O3\",\"order_time\":\"x\"},BAD_DATE,2]",
        "[{\"order_id\":\"O4\"},null,1]",
        "[{\"order_id\":\"O5\"},null,1]");
  }

  @Test
  void afterTheChecksOnlyRejectedLinesCarryTheirRecordAndTheSplitIsUnchanged() {
    Dataset<Row> lines = Fixtures.table(LINES,
        new Object[] {"C1", "{\"order_id\":\"O1\"}", null},
        new Object[] {"C1", "{\"order_id\":\"O1\"}", Quarantine.DUPLICATE},
        new Object[] {null, "{\"order_id\":\"O2\"}", "MISSING_CUSTOMER_ID"});

    Dataset<Row> slim = Quarantine.withRecordOfRejectsOnly(lines);

    assertThat(slim.orderBy(RejectColumns.WORK_REASON).collectAsList()).extracting(Row::toString).containsExactly(
        "[C1,null,null]",
        "[C1,null,DUPLICATE]",
        "[null,{\"order_id\":\"O2\"},MISSING_CUSTOMER_ID]");
    assertThat(Quarantine.rejected(slim, "transactions", java.time.LocalDate.of(2026, 1, 1))
        .select(RejectColumns.RECORD).collectAsList()).extracting(r -> r.getString(0))
        .containsExactly("{\"order_id\":\"O2\"}");
    assertThat(Quarantine.counts(slim)).isEqualTo(Quarantine.counts(lines));
  }
}
