package com.custseg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputFormatTest {

  @Test
  void theOutputFormatIsDeltaByDefaultAndParquetWhenSet() {
    assertThat(ConfigLoader.load(JobArgs.parse(new String[0])).output().format()).isEqualTo(OutputFormat.DELTA);
    assertThat(ConfigLoader.load(JobArgs.parse(new String[] {"--set", "segmentation.output.format=parquet"}))
        .output().format()).isEqualTo(OutputFormat.PARQUET);
  }

  @Test
  void anUnknownOutputFormatIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(JobArgs.parse(new String[] {"--set", "segmentation.output.format=orc"})))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.output.format must be delta or parquet, got: orc");
  }
}
