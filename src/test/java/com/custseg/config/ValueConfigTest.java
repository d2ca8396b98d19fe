package com.custseg.config;

import static com.custseg.testing.TestConfigs.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValueConfigTest {
  @Test
  void defaultsComeFromTheReference() {
    assertThat(load().value()).isEqualTo(new ValueConfig(true, ValueConfig.TimeUnit.WEEK, 100_000_000, 2_000, 1.0e-8,
        List.of(30, 90, 365), 12, 0.01, 0.3, 0.7, 7, 100_000));
    assertThat(load().value().horizonsDays()).containsExactly(30, 90, 365);
    assertThat(load().value().timeUnit().days()).isEqualTo(7);
  }

  @Test
  void flagsOverrideValueSettings() {
    ValueConfig value = load("--set", "segmentation.value.time-unit=month",
        "--set", "segmentation.value.churn-risk.high-below=0.2",
        "--set", "segmentation.value.clv.months=24").value();

    assertThat(value.timeUnit()).isEqualTo(ValueConfig.TimeUnit.MONTH);
    assertThat(value.timeUnit().days()).isEqualTo(30);
    assertThat(value.highRiskBelow()).isEqualTo(0.2);
    assertThat(value.clvMonths()).isEqualTo(24);
  }

  @Test
  void unknownTimeUnitIsRejectedWithTheKey() {
    assertThatThrownBy(() -> load("--set", "segmentation.value.time-unit=fortnight"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.value.time-unit must be day, week or month, got: fortnight");
  }

  @Test
  void churnThresholdsMustBeOrdered() {
    assertThatThrownBy(() -> load("--set", "segmentation.value.churn-risk.medium-below=0.1"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.value.churn-risk.medium-below must be in [high-below, 1] = [0.3, 1], got: 0.1");
  }

  @Test
  void horizonsMustBePositiveAndDistinct() {
    assertThatThrownBy(() -> new ValueConfig(true, ValueConfig.TimeUnit.DAY, 10, 100, 1e-8, List.of(30, 0), 12, 0.01,
        0.3, 0.7, 7, 1000))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.value.horizons-days must be a non-empty list of positive day counts, got: [30, 0]");
    assertThatThrownBy(() -> new ValueConfig(true, ValueConfig.TimeUnit.DAY, 10, 100, 1e-8, List.of(30, 30), 12,
        0.01, 0.3, 0.7, 7, 1000))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.value.horizons-days lists a horizon twice: [30, 30]");
  }

  @Test
  void discountRateMustBeBelowOne() {
    assertThatThrownBy(() -> load("--set", "segmentation.value.clv.monthly-discount-rate=1.5"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.value.clv.monthly-discount-rate must be in [0, 1), got: 1.5");
  }
}
