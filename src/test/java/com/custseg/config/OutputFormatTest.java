package com.custseg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.testing.TestConfigs;
import org.junit.jupiter.api.Test;

class OutputFormatTest {

  @Test
  void theOutputFormatIsDeltaByDefaultAndParquetWhenSet() {
    assertThat(TestConfigs.reference().output().format()).isEqualTo(OutputFormat.DELTA);
    assertThat(TestConfigs.load("--set", "segmentation.output.format=parquet")
        .output().format()).isEqualTo(OutputFormat.PARQUET);
  }

  @Test
  void anUnknownOutputFormatIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> TestConfigs.load("--set", "segmentation.output.format=orc"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.output.format must be delta or parquet, got: orc");
  }
}
