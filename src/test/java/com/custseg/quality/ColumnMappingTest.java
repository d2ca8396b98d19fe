package com.custseg.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.JobConfig;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An e-commerce order export with its own column names (src/test/resources/ingest/orders_export.csv): amount as
 * quantity x unit price, day-first timestamps, a currency column with fixed rates, and returns marked by a 'C'
 * invoice prefix or a REFUNDED status.
 */
class ColumnMappingTest {
  private static final String ORDERS = "src/test/resources/ingest/orders_export.csv";

  @TempDir
  Path dir;

  private JobConfig config(String transactions) throws IOException {
    return TestConfigs.loadFile(dir.resolve("orders.conf"),
        "segmentation.input.transactions {\n  path = \"" + ORDERS + "\"\n" + transactions + "\n}\n");
  }

  private JobConfig ordersExport() throws IOException {
    return config("""
        columns {
          order_id = "InvoiceNo", customer_id = "CustomerID", order_time = "InvoiceDate", category = "",
          amount = "try_cast(Quantity AS decimal(12,3)) * try_cast(UnitPrice AS decimal(12,4))",
          currency = "Currency"
        }
        timestamp-format = "dd/MM/yyyy HH:mm"
        return-when = "InvoiceNo LIKE 'C%' OR Status = 'REFUNDED'"
        currency { base = "CNY", rates { USD = 7.10, EUR = 7.80 } }
        """);
  }

  private static Dataset<Row> checked(JobConfig config) {
    return InputCleaning.transactions(SourceReader.read(TestSpark.session(), config.transactions()),
        config.transactions());
  }

  @Test
  void anOrderExportIsMappedConvertedAndNettedWithReturnsByPrefixOrStatus() throws IOException {
    Dataset<Row> checked = checked(ordersExport());

    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(9, 5, 1,
        Map.of("BAD_AMOUNT", 1L, "BAD_DATE", 1L, "UNKNOWN_CURRENCY", 1L)));
    Map<String, List<Object>> kept = new TreeMap<>();
    for (Row r : Quarantine.kept(checked).select(TransactionColumns.ORDER_ID, TransactionColumns.CUSTOMER_ID,
        TransactionColumns.ORDER_TS, TransactionColumns.ORDER_DATE, TransactionColumns.AMOUNT,
        TransactionColumns.IS_RETURN).collectAsList()) {
      kept.put(r.getString(0), List.of(r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)));
    }
    // 6 x 2.55 = 15.30; 2 x 1.85 USD x 7.10 = 26.27; return -1 x 2.55; refund 30.00 EUR x 7.80 = 234.00 (positive in
    // the export, netted as negative); blank currency = base.
    assertThat(kept).isEqualTo(Map.of(
        "536365", List.of("C1", ts("2024-12-01 08:26:00"), Date.valueOf("2024-12-01"), money("15.30"), false),
        "536366", List.of("C1", ts("2024-12-01 08:28:00"), Date.valueOf("2024-12-01"), money("26.27"), false),
        "C536379", List.of("C1", ts("2024-12-03 09:41:00"), Date.valueOf("2024-12-03"), money("-2.55"), true),
        "536400", List.of("C2", ts("2024-12-05 10:00:00"), Date.valueOf("2024-12-05"), money("-234.00"), true),
        "536402", List.of("C2", ts("2024-12-31 23:30:00"), Date.valueOf("2024-12-31"), money("99.99"), false)));
    Map<String, BigDecimal> net = new TreeMap<>();
    Quarantine.kept(checked).groupBy(TransactionColumns.CUSTOMER_ID).sum(TransactionColumns.AMOUNT).collectAsList()
        .forEach(r -> net.put(r.getString(0), r.getDecimal(1)));
    assertThat(net).isEqualTo(Map.of("C1", money("39.02"), "C2", money("-134.01")));
  }

  @Test
  void aMappingToAMissingColumnFailsNamingTheKeyBeforeAnyRowIsRead() throws IOException {
    JobConfig config = config("""
        columns { order_id = "InvoiceNo", customer_id = "CustomerID", order_time = "InvoiceDate",
                  amount = "Qty * UnitPrice", category = "" }
        """);
    Dataset<Row> raw = SourceReader.read(TestSpark.session(), config.transactions());

    assertThatThrownBy(() -> InputCleaning.transactions(raw, config.transactions()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.input.transactions.columns.amount = \"Qty * UnitPrice\" does not "
            + "resolve against the source columns [InvoiceNo, CustomerID, InvoiceDate, Quantity, UnitPrice, Currency,"
            + " Status, _corrupt_record]");
  }

  @Test
  void aReturnMarkerOverAMissingColumnFailsNamingReturnWhen() throws IOException {
    JobConfig config = config("""
        columns { order_id = "InvoiceNo", customer_id = "CustomerID", order_time = "InvoiceDate",
                  amount = "UnitPrice", category = "" }
        return-when = "state = 'REFUNDED'"
        """);
    Dataset<Row> raw = SourceReader.read(TestSpark.session(), config.transactions());

    assertThatThrownBy(() -> InputCleaning.transactions(raw, config.transactions()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.input.transactions.return-when = \"state = 'REFUNDED'\" does not "
            + "resolve against the source columns");
  }

  @Test
  void currencyRatesMustBePositiveAndNeedACurrencyColumn() {
    assertThatThrownBy(() -> config("currency.rates { USD = 0 }\ncolumns.currency = \"Currency\""))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.transactions.currency.rates.USD must be positive, got: 0");
    assertThatThrownBy(() -> config("currency.rates { USD = 7.1 }"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.transactions.currency.rates are given but "
            + "segmentation.input.transactions.columns.currency is not mapped");
  }

  private static Timestamp ts(String local) {
    // Spark hands timestamps back as java.sql.Timestamp in the JVM zone (UTC in tests); the export's wall clock
    // time is Asia/Shanghai (UTC+8).
    return Timestamp.from(java.time.LocalDateTime.parse(local.replace(' ', 'T'))
        .atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant());
  }

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }
}
