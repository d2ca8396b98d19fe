package com.custseg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnumSettingsTest {
  enum Shade { LIGHT, DARK_BLUE, OFF_WHITE }

  enum Single { ONLY }

  @Test
  void theMessageNamesTheKeyAndTheValueAndListsEveryConstantOfTheEnum() {
    assertThatThrownBy(() -> EnumSettings.parse(Shade.class, "segmentation.test.shade", "pink"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.test.shade must be light, dark-blue or off-white, got: pink");
    assertThatThrownBy(() -> EnumSettings.parse(Single.class, "segmentation.test.single", "other"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.test.single must be only, got: other");
  }

  @Test
  void aValueIsTheConstantInLowerCaseWithHyphensMatchedTrimmedAndIgnoringCase() {
    assertThat(EnumSettings.parse(Shade.class, "k", "dark-blue")).isEqualTo(Shade.DARK_BLUE);
    assertThat(EnumSettings.parse(Shade.class, "k", " Off-White ")).isEqualTo(Shade.OFF_WHITE);
    assertThat(EnumSettings.configName(UnknownCustomerPolicy.CREATE_MINIMAL_CUSTOMER))
        .isEqualTo("create-minimal-customer");
  }

  @Test
  void everyEnumSettingOfTheJobListsItsOwnConstants() {
    assertThatThrownBy(() -> EnumSettings.parse(PrivacyConfig.Mode.class, PrivacyConfig.MODE, "encrypt"))
        .hasMessage("segmentation.privacy.mode must be drop, mask or hash, got: encrypt");
    assertThatThrownBy(() -> EnumSettings.parse(ValueConfig.TimeUnit.class, ValueConfig.TIME_UNIT, "year"))
        .hasMessage("segmentation.value.time-unit must be day, week or month, got: year");
    assertThatThrownBy(() -> EnumSettings.parse(OutputFormat.class, OutputConfig.FORMAT, "orc"))
        .hasMessage("segmentation.output.format must be delta or parquet, got: orc");
    assertThatThrownBy(() -> EnumSettings.parse(Step.class, JobConfig.STEP, "score"))
        .hasMessage("segmentation.step must be ingest, segment or all, got: score");
    assertThatThrownBy(() -> EnumSettings.parse(UnknownCustomerPolicy.class, JobConfig.UNKNOWN_CUSTOMER, "drop"))
        .hasMessage("segmentation.quality.unknown-customer must be quarantine or create-minimal-customer, got: drop");
  }
}
