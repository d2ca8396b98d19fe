package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.JobConfig;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment step on its own needs the silver tables of an earlier ingest run. */
class SegmentStepTest {
  @TempDir
  Path dir;

  @Test
  void segmentingWithoutAnIngestedSnapshotFailsSayingWhatToRunFirst() {
    JobConfig config = TestConfigs.load("--output", dir.toString(), "--step", "segment");

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("--step segment needs the silver tables of an ingest run, but "
            + dir.resolve("customers_clean") + " cannot be read: run --step ingest first (");
  }
}
