package com.custseg.quality;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  @Test
  void rowsAfterTheSnapshotDoNotCountAsBadInput() {
    // 100 read: 60 kept, 35 after the snapshot (a backfill), 5 bad dates -> 5 of 65 = 7.69%
    InputCounts backfill = new InputCounts(100, 60, 0, Map.of("AFTER_SNAPSHOT", 35L, "BAD_DATE", 5L));

    assertThatCode(() -> QualityGate.check("transactions", backfill, 0.08)).doesNotThrowAnyException();
    assertThatThrownBy(() -> QualityGate.check("transactions", backfill, 0.07))
        .isInstanceOf(QualityGate.QualityGateException.class)
        .hasMessageStartingWith("quality gate failed for transactions: 5 of 65 rows rejected (7.69%), above "
            + "segmentation.quality.max-reject-ratio = 0.07; reasons: ")
        .hasMessageContaining("(the 35 rows dated on or after the snapshot are not counted)");
  }

  @Test
  void duplicatesAreNeitherKeptNorRejected() {
    // 10 read: 7 kept, 1 duplicate, 2 rejected -> 2 of 10
    InputCounts c = new InputCounts(10, 7, 1, Map.of("BAD_AMOUNT", 2L));

    assertThatThrownBy(() -> QualityGate.check("transactions", c, 0.1))
        .hasMessageStartingWith("quality gate failed for transactions: 2 of 10 rows rejected (20.00%)");
    assertThatCode(() -> QualityGate.check("transactions", c, 0.2)).doesNotThrowAnyException();
  }

  @Test
  void anEmptySourceStopsTheRunWhateverTheRatio() {
    assertThatThrownBy(() -> QualityGate.check("transactions", new InputCounts(0, 0, 0, Map.of()), 1.0))
        .isInstanceOf(QualityGate.QualityGateException.class)
        .hasMessageStartingWith("quality gate failed for transactions: no rows were read, the input is empty.");
  }
}
