package com.custseg.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration examples of README.md load as written (paths pointed at test fixtures by flags). */
class ReadmeExamplesTest {
  @TempDir
  Path dir;

  private static String hoconBlock(String readme, String marker) {
    int start = readme.indexOf(marker);
    assertThat(start).as("README block containing " + marker).isNotNegative();
    int from = readme.lastIndexOf("```hocon\n", start) + "```hocon\n".length();
    return readme.substring(from, readme.indexOf("```", start));
  }

  private JobConfig load(String hocon, String... flags) throws IOException {
    Path f = dir.resolve("example.conf");
    Files.writeString(f, hocon);
    String[] args = new String[flags.length + 2];
    args[0] = "--config";
    args[1] = f.toString();
    System.arraycopy(flags, 0, args, 2, flags.length);
    return ConfigLoader.load(JobArgs.parse(args));
  }

  @Test
  void theShopExampleAndItsJdbcVariantLoad() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    JobConfig shop = load(hoconBlock(readme, "# conf/shop.conf"),
        "--set", "segmentation.input.customers.path=src/test/resources/ingest/customers_gbk.csv",
        "--set", "segmentation.input.transactions.path=src/test/resources/ingest/orders_export.csv");

    assertThat(shop.customers().options()).containsEntry("encoding", "GBK").containsEntry("header", "false");
    assertThat(shop.transactions().column("order_id")).isEqualTo("InvoiceNo");
    // HOCON numbers: 7.10 is read as 7.1 (same value).
    assertThat(shop.transactions().currency().rates()).isEqualTo(Map.of("EUR", new BigDecimal("7.8"),
        "HKD", new BigDecimal("0.91"), "USD", new BigDecimal("7.1")));
    assertThat(shop.unknownCustomers()).isEqualTo(UnknownCustomerPolicy.CREATE_MINIMAL_CUSTOMER);

    JobConfig jdbc = load(hoconBlock(readme, "jdbc:postgresql://db.internal:5432/shop"));

    assertThat(jdbc.transactions().format()).isEqualTo("jdbc");
    assertThat(jdbc.transactions().passwordEnv()).isEqualTo("SHOP_DB_PASSWORD");
    assertThat(jdbc.transactions().options()).containsEntry("numPartitions", "4")
        .containsEntry("dbtable", "sales.order_lines");
  }
}
