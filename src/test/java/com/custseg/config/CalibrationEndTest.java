package com.custseg.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.testing.TestConfigs;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CalibrationEndTest {

  @Test
  void aCalibrationEndNotBeforeAConfiguredSnapshotIsRejectedAtLoad() {
    assertThatThrownBy(() -> TestConfigs.load("--as-of", "2025-01-01", "--calibration-end", "2025-01-01"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.value.holdout.calibration-end must be before the snapshot date 2025-01-01, got: "
            + "2025-01-01");
  }

  @Test
  void theSameCheckAppliesToASnapshotDateDerivedFromTheData() {
    JobConfig config = TestConfigs.load("--calibration-end", "2025-01-01");

    assertThatThrownBy(() -> config.checkCalibrationEndBefore(LocalDate.parse("2024-12-31")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.value.holdout.calibration-end must be before the snapshot date 2024-12-31, got: "
            + "2025-01-01");
    assertThatCode(() -> config.checkCalibrationEndBefore(LocalDate.parse("2025-01-02"))).doesNotThrowAnyException();
    assertThatCode(() -> TestConfigs.reference().checkCalibrationEndBefore(LocalDate.EPOCH))
        .doesNotThrowAnyException();
  }
}
