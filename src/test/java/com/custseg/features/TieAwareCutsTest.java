package com.custseg.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TieAwareCutsTest {

  private static double[] grid(double[]... runs) {
    return java.util.Arrays.stream(runs).flatMapToDouble(DoubleStream::of).toArray();
  }

  private static double[] repeat(double value, int times) {
    return DoubleStream.generate(() -> value).limit(times).toArray();
  }

  @Test
  void distinctValuesAreCutAtTheQuintiles() {
    double[] uniform = IntStream.rangeClosed(1, 999).asDoubleStream().toArray();

    assertThat(TieAwareCuts.cuts(uniform, 5)).containsExactly(200, 400, 600, 800);
  }

  @Test
  void aValueHeldByHalfTheCustomersStaysInOneBinAndTheRestSplitEvenly() {
    // 50% bought once, 20% twice, 10% three times, 10% four times, 10% five times. Plain quintile cut points would
    // be (1, 1, 2, 4): score 2 never given. Here every score 1..5 is given.
    double[] ties = grid(repeat(1, 500), repeat(2, 200), repeat(3, 100), repeat(4, 100), repeat(5, 99));

    assertThat(TieAwareCuts.cuts(ties, 5)).containsExactly(1, 2, 3, 4);
  }

  @Test
  void fewerDistinctValuesThanBinsUseTheLowestScoresWithoutGaps() {
    double[] twoValues = grid(repeat(1, 600), repeat(2, 399));

    assertThat(TieAwareCuts.cuts(twoValues, 5)).containsExactly(1);
  }

  @Test
  void aSingleValueGivesOneBin() {
    assertThat(TieAwareCuts.cuts(repeat(7, 999), 5)).isEmpty();
    assertThat(TieAwareCuts.cuts(new double[0], 5)).isEmpty();
  }

  @Test
  void threeBinsCutAtTheTerciles() {
    double[] uniform = IntStream.rangeClosed(1, 999).asDoubleStream().toArray();

    assertThat(TieAwareCuts.cuts(uniform, 3)).containsExactly(333, 666);
  }
}
