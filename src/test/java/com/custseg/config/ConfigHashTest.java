package com.custseg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config_hash of run_metrics and the settings added for ingestion (--step, unknown-customer, time zone). */
class ConfigHashTest {
  @TempDir
  Path dir;

  private JobConfig load(String name, String hocon, String... flags) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, hocon);
    String[] args = new String[flags.length + 2];
    args[0] = "--config";
    args[1] = f.toString();
    System.arraycopy(flags, 0, args, 2, flags.length);
    return ConfigLoader.load(JobArgs.parse(args));
  }

  @Test
  void theHashIgnoresKeyOrderAsOfAndStepButNotSettings() throws IOException {
    JobConfig a = load("a.conf", "segmentation { kmeans.k = 6\n quality.max-reject-ratio = 0.1 }");
    JobConfig b = load("b.conf", "segmentation { quality.max-reject-ratio = 0.1\n kmeans.k = 6 }", "--as-of",
        "2025-01-01", "--step", "ingest");
    JobConfig c = load("c.conf", "segmentation { quality.max-reject-ratio = 0.1\n kmeans.k = 7 }");

    assertThat(a.configHash()).hasSize(64).isEqualTo(b.configHash()).isNotEqualTo(c.configHash());
    assertThat(b.step()).isEqualTo(Step.INGEST);
    assertThat(a.step()).isEqualTo(Step.ALL);
    assertThat(a.unknownCustomers()).isEqualTo(UnknownCustomerPolicy.QUARANTINE);
  }

  @Test
  void badStepPolicyAndTimeZoneAreRejectedNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(JobArgs.parse("--step", "score")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.step must be ingest, segment or all, got: score");
    assertThatThrownBy(() -> ConfigLoader.load(JobArgs.parse("--set", "segmentation.quality.unknown-customer=drop")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.quality.unknown-customer must be quarantine or create-minimal-customer, got: drop");
    assertThatThrownBy(() -> ConfigLoader.load(JobArgs.parse("--set", "segmentation.time-zone=China/Beijing")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.time-zone must be a time zone id like Asia/Shanghai, got: China/Beijing");
  }
}
