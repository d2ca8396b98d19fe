package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.JobConfig;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier, lifecycle and motive rules are checked against the segment step's columns before the ingest step reads anything. */
class RulesCheckedBeforeIngestTest {
  @TempDir
  Path dir;

  private JobConfig config(String hocon) throws IOException {
    return TestConfigs.loadFile(dir.resolve("rules.conf"), hocon,
        "--set", "segmentation.input.customers.path=src/test/resources/ingest/customers_bom_crlf.csv",
        "--set", "segmentation.input.transactions.path=src/test/resources/ingest/transactions.csv",
        "--as-of", "2025-01-01", "--output", dir.resolve("out").toString());
  }

  @Test
  void aTierRuleOnAnUnknownColumnFailsNamingRuleAndKeyWithNothingWritten() throws IOException {
    JobConfig config = config("""
        segmentation.tiers.rules = [
          { code = "vip", name = "高价值", when = "no_such_col > 1" }
        ]
        """);

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), config))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.tiers: tier 'vip': condition \"no_such_col > 1\" does not resolve "
            + "against the customer columns customer_id, name, phone");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aLifecycleRuleOnAnUnknownColumnFailsNamingRuleAndKeyWithNothingWritten() throws IOException {
    JobConfig config = config("""
        segmentation.lifecycle.rules = [
          { code = "active", name = "活跃客户", when = "days_since_last < 90" }
        ]
        """);

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), config))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.lifecycle: lifecycle stage 'active': condition "
            + "\"days_since_last < 90\" does not resolve against the customer columns");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aMotiveRuleOnAnUnknownColumnFailsNamingRuleAndKeyWithNothingWritten() throws IOException {
    JobConfig config = config("""
        segmentation.motive.rules = [
          { code = "thrifty", name = "节俭型", when = "coupon_share > 0.5" }
        ]
        """);

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), config))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.motive: buying motive 'thrifty': condition \"coupon_share > 0.5\" "
            + "does not resolve against the customer columns")
        .hasMessageContaining("discount_share, price_level, brand_concentration, category_concentration");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
