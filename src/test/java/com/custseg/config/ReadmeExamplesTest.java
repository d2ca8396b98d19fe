package com.custseg.config;

import static com.custseg.testing.TestConfigs.loadFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.io.CustomerColumns;
import com.custseg.io.SourceReader;
import com.custseg.job.SegmentationPipeline;
import com.custseg.quality.InputCleaning;
import com.custseg.report.RunResult;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration examples of README.md load as written (paths pointed at test fixtures by flags), and the shop
 * example runs end to end on exports shaped exactly as it describes.
 */
class ReadmeExamplesTest {
  @TempDir
  Path dir;

  private static String hoconBlock(String readme, String marker) {
    int start = readme.indexOf(marker);
    assertThat(start).as("README block containing " + marker).isNotNegative();
    int from = readme.lastIndexOf("```hocon\n", start) + "```hocon\n".length();
    return readme.substring(from, readme.indexOf("```", start));
  }

  @Test
  void theShopExampleAndItsJdbcVariantLoad() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    JobConfig shop = loadFile(dir.resolve("example.conf"), hoconBlock(readme, "# conf/shop.conf"),
        "--set", "segmentation.input.customers.path=src/test/resources/ingest/customers_gbk.csv",
        "--set", "segmentation.input.transactions.path=src/test/resources/ingest/orders_export.csv");

    assertThat(shop.customers().options()).containsEntry("encoding", "GBK").containsEntry("header", "false");
    assertThat(shop.transactions().column("order_id")).isEqualTo("InvoiceNo");
    // HOCON numbers: 7.10 is read as 7.1 (same value).
    assertThat(shop.transactions().currency().rates()).isEqualTo(Map.of("EUR", new BigDecimal("7.8"),
        "HKD", new BigDecimal("0.91"), "USD", new BigDecimal("7.1")));
    assertThat(shop.unknownCustomers()).isEqualTo(UnknownCustomerPolicy.CREATE_MINIMAL_CUSTOMER);

    JobConfig jdbc = loadFile(dir.resolve("example.conf"),
        hoconBlock(readme, "jdbc:postgresql://db.internal:5432/shop"));

    assertThat(jdbc.transactions().format()).isEqualTo("jdbc");
    assertThat(jdbc.transactions().passwordEnv()).isEqualTo("SHOP_DB_PASSWORD");
    assertThat(jdbc.transactions().options()).containsEntry("numPartitions", "4")
        .containsEntry("dbtable", "sales.order_lines");
  }

  private static Dataset<Row> table(Path output, String name) {
    return TestSpark.session().read().format("delta").load(output.resolve(name).toString());
  }

  /**
   * src/test/resources/shop: a GBK CRM export without header (';', quoted names, yyyy/M/d) of 9 customers, and a
   * folder of UCI-style order lines (17 lines, a quoted description with a comma and one with a line break). Kept
   * net spend per customer, in CNY:
   * 12346: 6 x 2.55 + 6 x 3.39 + 2 x 1.85 USD x 7.10 (26.27) - 1 x 2.55 (C536379) = 59.36 (the repeated 536365 line
   * is a duplicate); 12347: 4 x 3.75 + 10 x 3.75 EUR x 7.80 (292.50) = 307.50; 12348: 100.00 then refunded
   * (Status REFUNDED, positive amount) = 0.00; 12349: 8 x 1.69 HKD x 0.91 = 12.3032 = 12.30; 12350: 3 x 2.10 - 5 x
   * 2.10 = -4.20; 12351: 12 x 2.10 = 25.20 (536408 on 2026-01-02 is after the snapshot); 12352: 20 x 1.65 = 33.00;
   * 12353: 3 x 5.95 (currency "cny") = 17.85; guest 99999 (not in the CRM, created): 4.25; 12354: no order.
   * Total 455.26.
   */
  @Test
  void theShopExampleRunsOnExportsShapedLikeIt() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Path output = dir.resolve("out");
    JobConfig shop = loadFile(dir.resolve("example.conf"), hoconBlock(readme, "# conf/shop.conf"),
        "--set", "segmentation.input.customers.path=src/test/resources/shop/customers_2025.csv",
        "--set", "segmentation.input.transactions.path=src/test/resources/shop/order_lines/",
        "--as-of", "2026-01-01", "--output", output.toString());

    RunResult result = SegmentationPipeline.run(TestSpark.session(), shop);

    assertThat(result.customers().read()).isEqualTo(9);
    assertThat(result.customers().kept()).isEqualTo(9);
    assertThat(result.customers().rejectedByReason()).isEmpty();
    assertThat(result.transactions().read()).isEqualTo(17);
    assertThat(result.transactions().kept()).isEqualTo(15);
    assertThat(result.transactions().duplicates()).isEqualTo(1);
    assertThat(result.transactions().rejectedByReason()).isEqualTo(Map.of("AFTER_SNAPSHOT", 1L));
    assertThat(result.metrics().inputCounts()).containsEntry("customers_created", 1L)
        .containsEntry("customers_net_spend_not_positive", 2L).containsEntry("customers_segmented", 10L);

    Dataset<Row> segments = table(output, "customer_segments");
    Map<String, List<Object>> byCustomer = new TreeMap<>();
    segments.select("customer_id", "frequency", "monetary", "net_spend_not_positive").collectAsList()
        .forEach(r -> byCustomer.put(r.getString(0), List.of(r.get(1), r.get(2), r.get(3))));
    assertThat(byCustomer).isEqualTo(Map.of(
        "12346", List.of(2L, new BigDecimal("59.36"), false),
        "12347", List.of(2L, new BigDecimal("307.50"), false),
        "12348", List.of(1L, new BigDecimal("0.00"), true),
        "12349", List.of(1L, new BigDecimal("12.30"), false),
        "12350", List.of(1L, new BigDecimal("-4.20"), true),
        "12351", List.of(1L, new BigDecimal("25.20"), false),
        "12352", List.of(1L, new BigDecimal("33.00"), false),
        "12353", List.of(1L, new BigDecimal("17.85"), false),
        "12354", List.of(0L, new BigDecimal("0.00"), false),
        "99999", List.of(1L, new BigDecimal("4.25"), false)));
    // StockCode is the category: 85123A, 71053 and 22633 bought (the return does not add one).
    assertThat(segments.where("customer_id = '12346'").select("category_breadth", "company_size", "channel",
        "signup_date").first().toString()).isEqualTo("[3,小微,线上,2024-01-05]");
    assertThat(segments.where("customer_id = '12351'").select("province", "region_code").first().toString())
        .isEqualTo("[北京市,north]");
    assertThat(segments.where("customer_id = '99999'").select("region_code").first().getString(0))
        .isEqualTo("unknown");
    assertThat(table(output, "transactions_clean").selectExpr("count(*)", "sum(amount)").first().toString())
        .isEqualTo("[15,455.26]");
    Row summary = table(output, "segment_summary").selectExpr("sum(customers)", "sum(revenue)").first();
    assertThat(summary.getLong(0)).isEqualTo(10);
    assertThat(summary.getDecimal(1)).isEqualByComparingTo("455.26");
    assertThat(table(output, "rejects").select("reason", "record").first().toString())
        .startsWith("[AFTER_SNAPSHOT,").contains("536408");
  }

  @Test
  void theChineseHeaderExampleMapsBackQuotedNamesTrailingSpaceIncluded() throws IOException {
    Path export = dir.resolve("客户列表.csv");
    Files.writeString(export, "\uFEFF客户编号,客户名称,手机,省份,城市,注册日期 ,行业,企业规模,来源渠道\n"
        + "K001,杭州云帆科技有限公司,13800001111,浙江省,杭州市,2024/3/7,软件,中型,展会\n");
    String readme = Files.readString(Path.of("README.md"));
    JobConfig crm = loadFile(dir.resolve("crm.conf"), hoconBlock(readme, "# conf/crm-cn.conf"),
        "--set", "segmentation.input.customers.path=" + export);

    Row customer = InputCleaning.customers(SourceReader.read(TestSpark.session(), crm.customers()),
        crm.customers(), crm.timeZone()).first();

    assertThat(customer.<String>getAs(CustomerColumns.CUSTOMER_ID)).isEqualTo("K001");
    assertThat(customer.<String>getAs(CustomerColumns.PROVINCE_RAW)).isEqualTo("浙江省");
    assertThat(customer.<Object>getAs(CustomerColumns.SIGNUP_DATE).toString()).isEqualTo("2024-03-07");
    assertThat(customer.<String>getAs(CustomerColumns.CHANNEL)).isEqualTo("展会");
    assertThat(customer.<String>getAs("_reject_reason")).as("rejected for").isNull();
  }
}
