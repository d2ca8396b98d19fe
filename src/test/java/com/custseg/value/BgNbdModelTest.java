package com.custseg.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.custseg.config.ValueConfig.TimeUnit;
import com.custseg.features.RfmColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BgNbdModelTest {
  /** Estimates of the BG/NBD paper on the CDNOW cohort (time unit: week). */
  static final BgNbdParams CDNOW = new BgNbdParams(0.243, 4.414, 0.793, 2.426);
  /** Gamma-Gamma estimates on CDNOW (Fader &amp; Hardie, "The Gamma-Gamma model of monetary value", 2013). */
  static final GammaGammaParams CDNOW_SPEND = new GammaGammaParams(6.25, 3.74, 15.44);

  static final StructType DAYS = new StructType()
      .add(RfmColumns.FREQUENCY_REPEAT, DataTypes.LongType, true)
      .add(RfmColumns.RECENCY_REPEAT, DataTypes.IntegerType, true)
      .add(RfmColumns.T_DAYS, DataTypes.IntegerType, true);

  /**
   * 50 000 customers drawn from BG/NBD with the CDNOW parameters. The maximum-likelihood estimates are asymptotically
   * normal around the true values with the fitted standard errors, so each lies within 4 of them with probability
   * 0.99994 (all four together: more than 0.9997); the seed is fixed, so the test is deterministic, and a biased
   * likelihood (a wrong term, a unit slip) moves an estimate by many standard errors at this sample size.
   */
  @Test
  void fitRecoversSimulatedParametersWithinFourStandardErrors() {
    Dataset<Row> customers = Simulated.cdnow50k();

    BgNbdFit fit = BgNbdModel.fit(customers, TestConfigs.value());

    double[] truth = CDNOW.toArray();
    double[] estimate = fit.params().toArray();
    double[] se = fit.standardErrors();
    for (int i = 0; i < 4; i++) {
      assertThat(se[i]).as("standard error %d", i).isPositive().isLessThan(0.1 * truth[i]);
      assertThat(estimate[i]).as("parameter %d", i).isCloseTo(truth[i], within(4 * se[i]));
    }
    assertThat(fit.converged()).isTrue();
    assertThat(fit.customers()).isEqualTo(50_000);
    assertThat(fit.onExecutors()).isFalse();
    assertThat(fit.unit()).isEqualTo(TimeUnit.WEEK);
    double atTruth = customers.collectAsList().stream().mapToDouble(r ->
        CDNOW.logLikelihood(r.getLong(0), r.getDouble(1) / 7, r.getDouble(2) / 7)).sum();
    assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(atTruth).isCloseTo(atTruth, within(10.0));
  }

  /** Equation (3) of the paper with the gamma and beta functions written out as finite products (x is whole). */
  static double paperLikelihood(BgNbdParams p, int x, double tx, double t) {
    double gammaRatio = 1;
    double betaRatio = 1;
    for (int j = 0; j < x; j++) {
      gammaRatio *= p.r() + j;
      betaRatio *= (p.b() + j) / (p.a() + p.b() + j);
    }
    double alive = betaRatio * gammaRatio * Math.pow(p.alpha() / (p.alpha() + t), p.r())
        * Math.pow(p.alpha() + t, -x);
    if (x == 0) {
      return alive;
    }
    // B(a+1, b+x-1) / B(a, b) = a / (b+x-1) * B(a, b+x) / B(a, b)
    double dropped = p.a() / (p.b() + x - 1) * betaRatio * gammaRatio
        * Math.pow(p.alpha() / (p.alpha() + tx), p.r()) * Math.pow(p.alpha() + tx, -x);
    return alive + dropped;
  }

  @Test
  void logLikelihoodMatchesThePapersClosedFormOnHandPickedCustomers() {
    double[][] customers = {{0, 0, 38.86}, {1, 5, 30}, {2, 30.43, 38.86}, {7, 35.71, 38.86}, {3, 1.5, 2}};
    for (double[] c : customers) {
      double expected = Math.log(paperLikelihood(CDNOW, (int) c[0], c[1], c[2]));
      assertThat(CDNOW.logLikelihood(c[0], c[1], c[2])).as("customer %s", List.of(c[0], c[1], c[2]))
          .isCloseTo(expected, within(1e-10 * Math.abs(expected)));
    }
  }

  @Test
  void likelihoodSummedOnExecutorsEqualsTheDriverSumAndThePaper() {
    // Three distinct customers, one of them twice: compressed to three rows with counts 1, 2, 1.
    Dataset<Row> customers = Fixtures.table(DAYS,
        new Object[] {0L, 0, 14},
        new Object[] {2L, 21, 35},
        new Object[] {2L, 21, 35},
        new Object[] {5L, 70, 84});
    double expected = Math.log(paperLikelihood(CDNOW, 0, 2, 2)) + 2 * Math.log(paperLikelihood(CDNOW, 2, 3, 5))
        + Math.log(paperLikelihood(CDNOW, 5, 10, 12));
    double[][] points = {CDNOW.toArray(), {0.5, 2, 1.5, 3}};

    try (CompressedLikelihood driver = BgNbdModel.likelihood(customers, TestConfigs.value());
        CompressedLikelihood executors = BgNbdModel.likelihood(customers, TestConfigs.value()
            .withMaxCollectedRows(2))) {
      assertThat(driver.onExecutors()).isFalse();
      assertThat(executors.onExecutors()).isTrue();
      assertThat(executors.rows()).isEqualTo(3);
      assertThat(driver.logLikelihood(CDNOW.toArray())).isCloseTo(expected, within(1e-10 * Math.abs(expected)));
      double[] onDriver = driver.logLikelihoods(points);
      double[] onExecutors = executors.logLikelihoods(points);
      assertThat(onExecutors[0]).isCloseTo(onDriver[0], within(1e-12 * Math.abs(onDriver[0])));
      assertThat(onExecutors[1]).isCloseTo(onDriver[1], within(1e-12 * Math.abs(onDriver[1])));
    }
  }

  @Test
  void timeUnitOnlyRescalesAlpha() {
    List<Object[]> rows = Simulated.customers(2_000, 11L, CDNOW, CDNOW_SPEND);
    Dataset<Row> customers = Simulated.table(rows);

    BgNbdFit weeks = BgNbdModel.fit(customers, TestConfigs.value());
    BgNbdFit days = BgNbdModel.fit(customers, TestConfigs.value().withTimeUnit(TimeUnit.DAY));

    assertThat(days.params().alpha()).isCloseTo(7 * weeks.params().alpha(), within(1e-4 * days.params().alpha()));
    assertThat(days.params().r()).isCloseTo(weeks.params().r(), within(1e-4 * weeks.params().r()));
    assertThat(days.params().a()).isCloseTo(weeks.params().a(), within(1e-4 * weeks.params().a()));
    assertThat(days.params().b()).isCloseTo(weeks.params().b(), within(1e-4 * weeks.params().b()));
    // With α and all times 7 times larger, α^r (α+T)^-(r+x) shrinks by 7^-x: the maximum moves by −ln 7 · Σx.
    long repeatPurchases = rows.stream().mapToLong(r -> (Long) r[0]).sum();
    assertThat(days.logLikelihood()).isCloseTo(weeks.logLikelihood() - Math.log(7) * repeatPurchases, within(1e-6));
  }

  @Test
  void recencyAfterAgeIsRejectedWithTheCountAndAnExample() {
    Dataset<Row> customers = Fixtures.table(DAYS,
        new Object[] {2L, 40, 30},
        new Object[] {0L, 0, 10},
        new Object[] {2L, 40, 30},
        new Object[] {1L, 5, 20});

    assertThatThrownBy(() -> BgNbdModel.fit(customers, TestConfigs.value()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid BG/NBD input: 2 customers have recency_repeat greater than t_days (last purchase after "
            + "the snapshot), e.g. frequency_repeat=2, recency_repeat=40, t_days=30");
  }

  @Test
  void negativeAndNullInputsAreRejected() {
    Dataset<Row> customers = Fixtures.table(DAYS,
        new Object[] {-1L, 0, 10},
        new Object[] {null, 0, 10},
        new Object[] {1L, 5, 20});

    assertThatThrownBy(() -> BgNbdModel.fit(customers, TestConfigs.value()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid BG/NBD input: 1 customers have a null frequency_repeat or recency_repeat, e.g. "
            + "frequency_repeat=null, recency_repeat=0, t_days=10; 1 customers have a negative frequency_repeat, "
            + "recency_repeat or t_days, e.g. frequency_repeat=-1, recency_repeat=0, t_days=10");
  }

  @Test
  void missingColumnsAreNamedBeforeAnySparkJob() {
    Dataset<Row> customers = Fixtures.table(new StructType().add(RfmColumns.FREQUENCY_REPEAT, DataTypes.LongType),
        new Object[] {1L});

    assertThatThrownBy(() -> BgNbdModel.fit(customers, TestConfigs.value()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the BG/NBD fit: missing column(s) [recency_repeat, t_days]; actual schema:\n"
            + customers.schema().treeString());
  }

  @Test
  void customersWithoutPurchasesAreLeftOutOfTheFit() {
    Dataset<Row> onlyNonBuyers = Fixtures.table(DAYS, new Object[] {null, null, null});

    assertThatThrownBy(() -> BgNbdModel.fit(onlyNonBuyers, TestConfigs.value()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the BG/NBD fit needs customers with purchases; the input has none with t_days");
  }
}
