package com.custseg.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.JobConfig;
import com.custseg.config.SourceConfig;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.InputCounts;
import com.custseg.quality.Quarantine;
import com.custseg.testing.PostgresServer;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions read over JDBC from a real PostgreSQL server started on loopback for this class: a partitioned table
 * read and a query, the password taken from the environment variable the config names, typed columns (numeric,
 * timestamp without time zone) cleaned like any other source.
 */
class JdbcSourceTest {
  private static final String PASSWORD_ENV = "CUSTSEG_TEST_PG_PASSWORD";
  private static final Map<String, String> ENV = Map.of(PASSWORD_ENV, PostgresServer.PASSWORD);
  private static PostgresServer server;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
    server.execute(
        "CREATE TABLE orders (id integer PRIMARY KEY, order_no text, cust_no text, paid_at timestamp,"
            + " total numeric(12,2), status text)",
        "INSERT INTO orders VALUES"
            + " (1, 'A1', 'C1', '2024-12-01 10:00:00', 100.00, 'PAID'),"
            + " (2, 'A2', 'C1', '2024-12-01 15:00:00', 50.50, 'PAID'),"
            + " (3, 'A3', 'C1', '2024-12-05 09:00:00', 20.50, 'REFUNDED'),"
            + " (4, 'A4', 'C2', '2024-10-10 10:00:00', 1234.56, 'PAID'),"
            + " (5, 'A5', NULL, '2024-12-01 10:00:00', 10.00, 'PAID'),"
            + " (6, 'A6', 'C2', NULL, 10.00, 'PAID'),"
            + " (7, 'A7', 'C2', '2024-12-31 23:59:59', 0.01, 'PAID'),"
            + " (8, 'A8', 'C3', '2024-06-06 06:06:06', NULL, 'PAID'),"
            + " (9, 'A9', '客户9', '2024-07-07 07:07:07', 9.99, 'PAID')");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private JobConfig config(String options) throws IOException {
    return TestConfigs.loadFile(dir.resolve("jdbc.conf"), """
        segmentation.input.transactions {
          format = "jdbc"
          options { url = "%s", user = "%s", %s }
          password-env = "%s"
          columns { order_id = "order_no", customer_id = "cust_no", order_time = "paid_at", amount = "total",
                    category = "" }
          return-when = "status = 'REFUNDED'"
        }
        """.formatted(server.jdbcUrl(), PostgresServer.USER, options, PASSWORD_ENV));
  }

  @Test
  void aPartitionedTableReadIsCleanedLikeAFileWithExactAmounts() throws IOException {
    SourceConfig source = config("dbtable = \"public.orders\", partitionColumn = \"id\", lowerBound = \"1\","
        + " upperBound = \"10\", numPartitions = \"3\"").transactions();

    Dataset<Row> raw = SourceReader.read(TestSpark.session(), source, ENV);
    Dataset<Row> checked = InputCleaning.transactions(raw, source);

    assertThat(raw.javaRDD().getNumPartitions()).isEqualTo(3);
    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(9, 6, 0,
        Map.of("BAD_AMOUNT", 1L, "BAD_DATE", 1L, "MISSING_CUSTOMER_ID", 1L)));
    Dataset<Row> kept = Quarantine.kept(checked);
    // 100.00 + 50.50 - 20.50 (refund) + 1234.56 + 0.01 + 9.99
    assertThat(kept.selectExpr("sum(amount)").first().getDecimal(0)).isEqualTo(new BigDecimal("1374.56"));
    Row a7 = kept.where("order_id = 'A7'").select(TransactionColumns.ORDER_TS, TransactionColumns.ORDER_DATE)
        .first();
    // A timestamp without time zone is a wall-clock time in segmentation.time-zone (Asia/Shanghai).
    assertThat(a7.getTimestamp(0)).isEqualTo(Timestamp.from(java.time.LocalDateTime.parse("2024-12-31T23:59:59")
        .atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant()));
    assertThat(a7.getDate(1)).isEqualTo(Date.valueOf("2024-12-31"));
    assertThat(kept.where("order_id = 'A3'").select("amount", "is_return").first().toSeq().toList().toString())
        .isEqualTo("List(-20.50, true)");
    assertThat(kept.where("customer_id = '客户9'").count()).isEqualTo(1);
  }

  @Test
  void aQueryIsReadWithThePasswordFromTheEnvironment() throws IOException {
    SourceConfig source = config("query = \"SELECT order_no, cust_no, paid_at, total, status FROM orders"
        + " WHERE status = 'PAID' AND total IS NOT NULL\"").transactions();

    Dataset<Row> checked = InputCleaning.transactions(SourceReader.read(TestSpark.session(), source, ENV), source);

    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(7, 5, 0,
        Map.of("BAD_DATE", 1L, "MISSING_CUSTOMER_ID", 1L)));
    // 100.00 + 50.50 + 1234.56 + 0.01 + 9.99
    assertThat(Quarantine.kept(checked).selectExpr("sum(amount)").first().getDecimal(0))
        .isEqualTo(new BigDecimal("1395.06"));
  }

  @Test
  void aMissingPasswordVariableFailsNamingTheKey() throws IOException {
    SourceConfig source = config("dbtable = \"orders\"").transactions();

    assertThatThrownBy(() -> SourceReader.read(TestSpark.session(), source, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.transactions.password-env: environment variable " + PASSWORD_ENV
            + " is not set");
  }

  @Test
  void incompleteJdbcPartitioningAndPasswordsInFilesAreRejected() {
    assertThatThrownBy(() -> config("dbtable = \"orders\", partitionColumn = \"id\", numPartitions = \"3\""))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.transactions.options: a partitioned JDBC read needs all of [partitionColumn,"
            + " lowerBound, upperBound, numPartitions], got only [partitionColumn, numPartitions]");
    assertThatThrownBy(() -> config("dbtable = \"orders\", password = \"secret\""))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.input.transactions.options.password: do not write passwords into"
            + " config files");
    assertThatThrownBy(() -> config("dbtable = \"orders\", query = \"SELECT 1\""))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.transactions.options must have exactly one of dbtable and query for format"
            + " jdbc");
  }
}
