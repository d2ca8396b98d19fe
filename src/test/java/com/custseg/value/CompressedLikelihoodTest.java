package com.custseg.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Where the compressed likelihood is summed, and that both places give the same sums. */
class CompressedLikelihoodTest {
  private static final StructType INPUTS = new StructType()
      .add("x", DataTypes.DoubleType)
      .add("y", DataTypes.DoubleType)
      .add("customers", DataTypes.LongType);

  /**
   * 10,000 distinct rows (x = i mod 7, y = i) with counts 1 + i mod 3: several chunks of the driver-side sum. Per
   * key the term is p[0]·x, per row p[1]·y, so the log-likelihood is p[0]·Σ n·x + p[1]·Σ n·y, worked out here.
   */
  @Test
  void driverAndExecutorSumsAgreeWithTheClosedFormOverManyChunks() {
    List<Object[]> rows = new ArrayList<>();
    double sumNx = 0;
    double sumNy = 0;
    long customers = 0;
    for (int i = 0; i < 10_000; i++) {
      long n = 1 + i % 3;
      rows.add(new Object[] {(double) (i % 7), (double) i, n});
      sumNx += n * (i % 7);
      sumNy += n * i;
      customers += n;
    }
    Dataset<Row> compressed = Fixtures.table(INPUTS, rows.toArray(Object[][]::new)).repartition(5);
    double[][] points = {{1, 1}, {0.5, -2}};

    try (CompressedLikelihood driver = CompressedLikelihood.of(compressed, customers, 10_000, 100_000_000,
            (p, x) -> p[0] * x, (p, in) -> p[1] * in[1]);
        CompressedLikelihood executors = CompressedLikelihood.of(compressed, customers, 10_000, 9_999,
            (p, x) -> p[0] * x, (p, in) -> p[1] * in[1])) {
      assertThat(driver.onExecutors()).isFalse();
      assertThat(executors.onExecutors()).isTrue();
      double[] onDriver = driver.logLikelihoods(points);
      double[] onExecutors = executors.logLikelihoods(points);
      assertThat(onDriver[0]).isEqualTo(sumNx + sumNy);
      assertThat(onDriver[1]).isEqualTo(0.5 * sumNx - 2 * sumNy);
      assertThat(onExecutors).containsExactly(onDriver);
      assertThat(driver.logLikelihood(points[1])).isEqualTo(onDriver[1]);
      assertThat(driver.evaluations()).isEqualTo(3);
    }
  }

  @Test
  void theDriverBoundIsTheConfiguredCapOrWhatFitsInAnEighthOfTheHeap() {
    // Three inputs: three values and a count of 8 bytes, and a 4-byte sort index, per row.
    long byHeap = (long) (Runtime.getRuntime().maxMemory() * 0.125 / 36);

    assertThat(CompressedLikelihood.driverRowBound(1_000, 3)).isEqualTo(1_000);
    assertThat(CompressedLikelihood.driverRowBound(Long.MAX_VALUE, 3)).isEqualTo(byHeap);
    assertThat(CompressedLikelihood.driverRowBound(0, 3)).isZero();
  }
}
