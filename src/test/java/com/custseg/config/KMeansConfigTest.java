package com.custseg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segmentation.kmeans.* keys as loaded from config. */
class KMeansConfigTest {

  @TempDir
  static Path dir;

  /** Loads with a config file holding {@code segmentation.kmeans { <body> }} (lists cannot be --set). */
  private static KMeansConfig loadFile(String name, String body) throws IOException {
    return TestConfigs.loadFile(dir.resolve(name), "segmentation.kmeans {\n" + body + "\n}\n").kmeans();
  }

  private static KMeansConfig load(String... sets) {
    return TestConfigs.load(TestConfigs.sets("segmentation.kmeans.", sets)).kmeans();
  }

  @Test
  void kIsAutoByDefaultAndAWholeNumberFixesIt() {
    assertThat(load().autoK()).isTrue();
    assertThat(load().k()).isEqualTo(KMeansConfig.AUTO);
    assertThat(load("k=6").k()).isEqualTo(6);
    assertThat(load("k=6").autoK()).isFalse();
  }

  @Test
  void kAboveSixteenAndAnEmptyRangeAreRejected() {
    assertThatThrownBy(() -> load("k=17"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.k must be at most 16, got: 17");
    assertThatThrownBy(() -> load("k-min=6", "k-max=4"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.k-min must not exceed k-max, got: 6 > 4");
    assertThatThrownBy(() -> load("k=0"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.k must be at least 2, got: 0");
  }

  @Test
  void kThatIsNeitherAutoNorANumberIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> load("k=many"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.kmeans.k must be auto or a whole number, got: many (");
  }

  @Test
  void featuresAreSparkSqlExpressionsCheckedForSyntaxAtLoad() throws IOException {
    assertThat(loadFile("f1.conf", "features = [\"recency_days\", \"log1p(monetary)\"]").features())
        .containsExactly("recency_days", "log1p(monetary)");
    assertThatThrownBy(() -> loadFile("f2.conf", "features = [\"recency_days\", \"log1p(monetary\"]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.kmeans.features[1] is not a valid Spark SQL expression: "
            + "log1p(monetary");
    assertThatThrownBy(() -> loadFile("f3.conf", "features = []"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.features must name at least one feature");
  }

  @Test
  void clippingQuantilesAndSampleSizeAreBounded() {
    assertThatThrownBy(() -> load("clip-lower=0.5"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.clip-lower must be in [0, 0.5), got: 0.5");
    assertThatThrownBy(() -> load("clip-upper=1.5"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.clip-upper must be in (0.5, 1], got: 1.5");
    assertThatThrownBy(() -> load("sample-size=10"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.sample-size must be at least 100, got: 10");
  }

  @Test
  void theFitSampleHoldsAtLeastTheKSampleAndIsBoundedForTheDriver() {
    assertThat(load().fitSampleSize()).isEqualTo(200_000);
    assertThat(load("fit-sample-size=50000").fitSampleSize()).isEqualTo(50_000);
    assertThatThrownBy(() -> load("fit-sample-size=1000"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.fit-sample-size must be at least sample-size (20000), got: 1000");
    assertThatThrownBy(() -> load("fit-sample-size=3000000"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.fit-sample-size must be at most 2000000 (the sample is held on the "
            + "driver), got: 3000000");
  }

  @Test
  void scoreWithIsEmptyLatestOrASnapshotDate() {
    assertThat(load().fitsNewModel()).isTrue();
    assertThat(load("score-with=latest").fitsNewModel()).isFalse();
    assertThat(load("score-with=latest").scoreWithSnapshot()).isEmpty();
    assertThat(load("score-with=2026-01-01").scoreWithSnapshot()).contains(LocalDate.parse("2026-01-01"));
    assertThatThrownBy(() -> load("score-with=yesterday"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.score-with must be empty, latest or a snapshot date YYYY-MM-DD, "
            + "got: yesterday");
  }

  @Test
  void theCrosstabDimensionsAreAList() throws IOException {
    assertThat(load().crosstabDimensions()).isEqualTo(List.of("value_tier", "rfm_segment", "loyalty", "attitude", "motive"));
    assertThat(loadFile("c.conf", "crosstab-dimensions = [channel]").crosstabDimensions())
        .containsExactly("channel");
  }
}
