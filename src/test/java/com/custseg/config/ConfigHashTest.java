package com.custseg.config;

import static com.custseg.testing.TestConfigs.load;
import static com.custseg.testing.TestConfigs.loadFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config_hash of run_metrics and the settings added for ingestion (--step, unknown-customer, time zone). */
class ConfigHashTest {
  @TempDir
  Path dir;

  @Test
  void theHashIgnoresKeyOrderAsOfAndStepButNotSettings() throws IOException {
    JobConfig a = loadFile(dir.resolve("a.conf"), "segmentation { kmeans.k = 6\n quality.max-reject-ratio = 0.1 }");
    JobConfig b = loadFile(dir.resolve("b.conf"), "segmentation { quality.max-reject-ratio = 0.1\n kmeans.k = 6 }",
        "--as-of", "2025-01-01", "--step", "ingest");
    JobConfig c = loadFile(dir.resolve("c.conf"), "segmentation { quality.max-reject-ratio = 0.1\n kmeans.k = 7 }");

    assertThat(a.configHash()).hasSize(64).isEqualTo(b.configHash()).isNotEqualTo(c.configHash());
    assertThat(b.step()).isEqualTo(Step.INGEST);
    assertThat(a.step()).isEqualTo(Step.ALL);
    assertThat(a.unknownCustomers()).isEqualTo(UnknownCustomerPolicy.QUARANTINE);
  }

  @Test
  void badStepPolicyAndTimeZoneAreRejectedNamingTheKey() {
    assertThatThrownBy(() -> load("--step", "score"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.step must be ingest, segment or all, got: score");
    assertThatThrownBy(() -> load("--set", "segmentation.quality.unknown-customer=drop"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.quality.unknown-customer must be quarantine or create-minimal-customer, got: drop");
    assertThatThrownBy(() -> load("--set", "segmentation.time-zone=China/Beijing"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.time-zone must be a time zone id like Asia/Shanghai, got: China/Beijing");
  }
}
