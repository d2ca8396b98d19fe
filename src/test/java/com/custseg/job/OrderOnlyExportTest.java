package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.JobConfig;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An order-only export in the style of the UCI Online Retail data set, without a customers table
 * (segmentation.input.customers.path = ""): the customers come from the transactions, each in the country of its
 * latest line, mapped to a region by conf/regions/europe.conf.
 */
class OrderOnlyExportTest {
  @TempDir
  static Path dir;
  private static Path output;

  @BeforeAll
  static void runTheJobOnOrdersAlone() throws IOException {
    Path orders = dir.resolve("online_retail.csv");
    Files.write(orders, List.of(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
        "536365,85123A,\"WHITE HANGING HEART, T-LIGHT\",6,01/12/2024 08:26,2.55,17850,United Kingdom",
        "536366,71053,WHITE METAL LANTERN,2,01/12/2024 08:28,3.39,17850,United Kingdom",
        "536367,84406B,CREAM CUPID,8,02/12/2024 09:00,2.75,13047,France",
        "536368,22728,ALARM CLOCK,4,05/12/2024 10:00,3.75,14527,Germany",
        "C536379,22728,ALARM CLOCK,-1,06/12/2024 09:41,3.75,14527,Germany",
        "536381,22727,ALARM CLOCK RED,1,20/12/2024 11:00,3.75,12346,EIRE",
        "536382,22727,ALARM CLOCK RED,2,21/12/2024 11:00,3.75,12347,Unspecified",
        "536383,22727,ALARM CLOCK RED,1,22/12/2024 11:00,1.00,,United Kingdom",
        "536384,22729,ALARM CLOCK PINK,1,28/12/2024 11:00,2.00,13047,UNITED KINGDOM"), StandardCharsets.UTF_8);
    output = dir.resolve("out");
    JobConfig config = TestConfigs.loadFile(dir.resolve("retail.conf"), """
        segmentation {
          input.customers.path = ""
          input.transactions {
            path = "%s"
            options { header = "true", multiLine = "true" }
            columns {
              order_id = "InvoiceNo", customer_id = "CustomerID", order_time = "InvoiceDate", category = "StockCode"
              amount = "try_cast(Quantity AS decimal(12,3)) * try_cast(UnitPrice AS decimal(12,4))"
              province = "Country"
            }
            timestamp-format = "dd/MM/yyyy HH:mm"
            return-when = "InvoiceNo LIKE 'C%%'"
          }
          regions.mapping-file = "conf/regions/europe.conf"
          quality.max-reject-ratio = 0.2
          value.enabled = false
        }
        """.formatted(orders), "--as-of", "2025-01-01", "--output", output.toString());
    SegmentationPipeline.run(TestSpark.session(), config);
  }

  private static Dataset<Row> table(String name) {
    return TestSpark.session().read().format("delta").load(output.resolve(name).toString());
  }

  @Test
  void everyCustomerOfTheOrdersIsSegmentedInTheCountryOfItsLatestLine() {
    // 13047 bought in France, then last in the United Kingdom; Unspecified is no country of the mapping.
    assertThat(Fixtures.values(table("customer_segments").select("customer_id", "region_code", "province_code",
        "monetary"))).isEqualTo(Fixtures.rows(
            Fixtures.row("12346", "uk_ireland", "IE", new BigDecimal("3.75")),
            Fixtures.row("12347", "unknown", "unknown", new BigDecimal("7.50")),
            Fixtures.row("13047", "uk_ireland", "GB", new BigDecimal("24.00")),
            Fixtures.row("14527", "western_europe", "DE", new BigDecimal("11.25")),
            Fixtures.row("17850", "uk_ireland", "GB", new BigDecimal("22.08"))));
  }

  @Test
  void theCustomersAreCountedAsCreatedAndTheLineWithoutACustomerIsQuarantined() {
    Row counts = table("run_metrics").selectExpr("input_counts['customers_read']",
        "input_counts['customers_created']", "input_counts['transactions_kept']",
        "input_counts['transactions_rejected']").first();
    assertThat(List.of(counts.get(0), counts.get(1), counts.get(2), counts.get(3)))
        .containsExactly(0L, 5L, 8L, 1L);
    assertThat(Fixtures.values(table("rejects").select("source", "reason")))
        .isEqualTo(Fixtures.rows(Fixtures.row("transactions", "MISSING_CUSTOMER_ID")));
    // The country as the latest line spells it; no name or phone (the privacy settings drop them anyway).
    assertThat(Fixtures.values(table("customers_clean").select("customer_id", "province_raw", "city"))).isEqualTo(
        Fixtures.rows(Fixtures.row("12346", "EIRE", null), Fixtures.row("12347", "Unspecified", null),
            Fixtures.row("13047", "UNITED KINGDOM", null), Fixtures.row("14527", "Germany", null),
            Fixtures.row("17850", "United Kingdom", null)));
  }
}
