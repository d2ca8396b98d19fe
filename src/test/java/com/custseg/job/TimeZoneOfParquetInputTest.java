package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.JobConfig;
import com.custseg.io.TransactionColumns;
import com.custseg.report.RunResult;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet inputs whose order and signup times are instants (TIMESTAMP) near midnight: the dates they count on follow
 * segmentation.time-zone, not the session's zone (the test session runs in Asia/Shanghai).
 */
class TimeZoneOfParquetInputTest {
  @TempDir
  static Path dir;

  private static Timestamp at(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  @BeforeAll
  static void writeParquet() {
    Fixtures.table(new StructType().add("cust_no", DataTypes.StringType).add("province", DataTypes.StringType)
            .add("registered_at", DataTypes.TimestampType),
        new Object[] {"C1", "广东省", at("2024-06-30T16:30:00Z")}, // 2024-07-01 00:30 in Shanghai
        new Object[] {"C2", "上海", at("2024-01-01T02:00:00Z")})
        .write().parquet(dir.resolve("customers").toString());
    Fixtures.table(new StructType().add("order_no", DataTypes.StringType).add("cust_no", DataTypes.StringType)
            .add("paid_at", DataTypes.TimestampType).add("total", TransactionColumns.MONEY),
        new Object[] {"T1", "C1", at("2024-12-31T16:30:00Z"), new BigDecimal("100.00")}, // Shanghai 2025-01-01 00:30
        new Object[] {"T2", "C1", at("2024-11-30T16:10:00Z"), new BigDecimal("20.50")}, // Shanghai 2024-12-01 00:10
        new Object[] {"T3", "C2", at("2024-12-15T03:00:00Z"), new BigDecimal("7.25")}) // Shanghai 2024-12-15 11:00
        .write().parquet(dir.resolve("transactions").toString());
  }

  private static JobConfig config(String timeZone, Path output) throws IOException {
    return TestConfigs.loadFile(dir.resolve("parquet-" + timeZone.replace('/', '_') + ".conf"), """
        segmentation {
          time-zone = "%s"
          input.customers {
            format = "parquet", path = "%s"
            columns { customer_id = "cust_no", name = "", phone = "", province = "province", city = "",
                      signup_date = "registered_at", industry = "", company_size = "", channel = "" }
          }
          input.transactions {
            format = "parquet", path = "%s"
            columns { order_id = "order_no", customer_id = "cust_no", order_time = "paid_at", amount = "total",
                      category = "" }
            return-when = ""
          }
          quality.max-reject-ratio = 1.0
        }
        """.formatted(timeZone, dir.resolve("customers"), dir.resolve("transactions")),
        "--as-of", "2025-01-01", "--step", "ingest", "--output", output.toString());
  }

  private static Dataset<Row> table(Path output, String name) {
    return TestSpark.session().read().format("delta").load(output.resolve(name).toString());
  }

  private static Map<String, String> orderDates(Path output) {
    Map<String, String> dates = new java.util.TreeMap<>();
    table(output, "transactions_clean").select("order_id", "order_date").collectAsList()
        .forEach(r -> dates.put(r.getString(0), r.getDate(1).toString()));
    return dates;
  }

  private static Map<String, String> signupDates(Path output) {
    Map<String, String> dates = new java.util.TreeMap<>();
    table(output, "customers_clean").select("customer_id", "signup_date").collectAsList()
        .forEach(r -> dates.put(r.getString(0), r.getDate(1).toString()));
    return dates;
  }

  @Test
  void inShanghaiALateEveningUtcOrderFallsOnTheSnapshotDayAndIsRejected() throws IOException {
    Path output = dir.resolve("out-shanghai");

    RunResult result = SegmentationPipeline.run(TestSpark.session(), config("Asia/Shanghai", output));

    assertThat(result.transactions().rejectedByReason()).isEqualTo(Map.of("AFTER_SNAPSHOT", 1L));
    assertThat(table(output, "rejects").where("reason = 'AFTER_SNAPSHOT'").selectExpr("record LIKE '%T1%'")
        .first().getBoolean(0)).isTrue();
    assertThat(orderDates(output)).isEqualTo(Map.of("T2", "2024-12-01", "T3", "2024-12-15"));
    assertThat(table(output, "transactions_clean").selectExpr("sum(amount)").first().getDecimal(0))
        .isEqualTo(new BigDecimal("27.75"));
    assertThat(signupDates(output)).isEqualTo(Map.of("C1", "2024-07-01", "C2", "2024-01-01"));
    assertThat(output.resolve("transactions_clean/snapshot_date=2025-01-01/order_month=2024-12")).isDirectory();
    assertThat(output.resolve("transactions_clean/snapshot_date=2025-01-01/order_month=2024-11")).doesNotExist();
  }

  @Test
  void inUtcTheSameInstantsCountOnTheDayBeforeWhateverTheSessionZone() throws IOException {
    Path output = dir.resolve("out-utc");

    RunResult result = SegmentationPipeline.run(TestSpark.session(), config("UTC", output));

    assertThat(TestSpark.session().conf().get("spark.sql.session.timeZone")).isEqualTo("Asia/Shanghai");
    assertThat(result.transactions().rejectedByReason()).isEmpty();
    assertThat(orderDates(output)).isEqualTo(Map.of("T1", "2024-12-31", "T2", "2024-11-30", "T3", "2024-12-15"));
    assertThat(table(output, "transactions_clean").selectExpr("sum(amount)").first().getDecimal(0))
        .isEqualTo(new BigDecimal("127.75"));
    // The instants themselves are not shifted.
    assertThat(table(output, "transactions_clean").where("order_id = 'T1'").select("order_ts").first()
        .getTimestamp(0)).isEqualTo(at("2024-12-31T16:30:00Z"));
    assertThat(signupDates(output)).isEqualTo(Map.of("C1", "2024-06-30", "C2", "2024-01-01"));
    assertThat(output.resolve("transactions_clean/snapshot_date=2025-01-01/order_month=2024-11")).isDirectory();
  }
}
