package com.custseg.quality;

import static com.custseg.testing.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.UnknownCustomerPolicy;
import com.custseg.io.CustomerColumns;
import com.custseg.testing.Fixtures;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Transactions of customers missing from the customers table, and customers whose returns outweigh purchases. */
class UnknownCustomersAndNetSpendTest {
  private static final LocalDate AS_OF = LocalDate.parse("2025-01-01");

  private static Dataset<Row> lines() {
    return Fixtures.transactions(
        line("O1", "C1", "2024-12-01 10:00:00", "100.00", false),
        line("R1", "C1", "2024-12-02 10:00:00", "-100.00", true),
        line("O2", "C2", "2024-12-03 10:00:00", "20.00", false),
        line("R2", "C2", "2024-12-04 10:00:00", "-25.50", true),
        line("O3", "C3", "2024-12-05 10:00:00", "0.01", false),
        line("O4", "X9", "2024-12-06 10:00:00", "5.00", false),
        line("O5", "X9", "2024-12-07 10:00:00", "6.00", false));
  }

  /** The fixture lines as cleaning leaves them: no reason yet, record = order id. */
  private static Dataset<Row> parsed() {
    return lines().withColumn(RejectColumns.WORK_RECORD, org.apache.spark.sql.functions.col("order_id"))
        .withColumn(RejectColumns.WORK_REASON, org.apache.spark.sql.functions.lit(null).cast(DataTypes.StringType));
  }

  private static Dataset<Row> knownIds() {
    return Fixtures.table(new StructType().add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType),
        new Object[] {"C1"}, new Object[] {"C2"}, new Object[] {"C3"});
  }

  @Test
  void quarantineRejectsEveryLineOfAnUnknownCustomer() {
    Dataset<Row> checked = InputCleaning.withSnapshotChecks(parsed(), AS_OF, knownIds(),
        UnknownCustomerPolicy.QUARANTINE);

    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(7, 5, 0, Map.of("UNKNOWN_CUSTOMER", 2L)));
  }

  @Test
  void createMinimalCustomerKeepsTheLinesAndAddsOneIdOnlyCustomerPerUnknownId() {
    Dataset<Row> checked = InputCleaning.withSnapshotChecks(parsed(), AS_OF, knownIds(),
        UnknownCustomerPolicy.CREATE_MINIMAL_CUSTOMER);
    Dataset<Row> customers = Fixtures.table(CustomerColumns.SCHEMA,
        new Object[] {"C1", "张三", null, "广东", "广州", null, null, null, null},
        new Object[] {"C2", null, null, "上海", null, null, null, null, null},
        new Object[] {"C3", null, null, null, null, null, null, null, null});

    Dataset<Row> created = InputCleaning.minimalCustomers(Quarantine.kept(checked), customers);

    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(7, 7, 0, Map.of()));
    assertThat(created.schema()).isEqualTo(CustomerColumns.SCHEMA);
    assertThat(Fixtures.values(created)).isEqualTo(Fixtures.rows(
        Fixtures.row("X9", null, null, null, null, null, null, null, null)));
  }

  @Test
  void customersWhoseReturnsEqualOrExceedPurchasesAreFoundWithTheirNetSpend() {
    Map<String, BigDecimal> net = new TreeMap<>();
    InputCleaning.customersWithNetSpendAtMostZero(lines()).collectAsList()
        .forEach(r -> net.put(r.getString(0), r.getDecimal(1)));

    assertThat(net).isEqualTo(Map.of("C1", new BigDecimal("0.00"), "C2", new BigDecimal("-5.50")));
  }
}
