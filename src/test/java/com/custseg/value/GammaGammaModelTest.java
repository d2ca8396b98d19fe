package com.custseg.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.custseg.features.RfmColumns;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import java.math.BigDecimal;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class GammaGammaModelTest {
  static final StructType SPEND = new StructType()
      .add(RfmColumns.FREQUENCY_REPEAT, DataTypes.LongType, true)
      .add(RfmColumns.MONETARY_REPEAT, TransactionColumns.MONEY, true);

  /**
   * Spend simulated for the repeat customers among 50 000 BG/NBD customers (about 19 000) with the CDNOW Gamma-Gamma
   * parameters. As for BG/NBD, each estimate must lie within 4 fitted standard errors of the truth (probability
   * 0.99994 each under asymptotic normality; fixed seed). Mean spend is rounded to the cent like the real column,
   * which moves it by at most 0.005 on values around 35, far below the sampling noise.
   */
  @Test
  void fitRecoversSimulatedParametersWithinFourStandardErrors() {
    Dataset<Row> customers = Simulated.cdnow50k();

    GammaGammaFit fit = GammaGammaModel.fit(customers, TestConfigs.value());

    double[] truth = BgNbdModelTest.CDNOW_SPEND.toArray();
    double[] estimate = fit.params().toArray();
    double[] se = fit.standardErrors();
    for (int i = 0; i < 3; i++) {
      assertThat(se[i]).as("standard error %d", i).isPositive().isLessThan(0.1 * truth[i]);
      assertThat(estimate[i]).as("parameter %d", i).isCloseTo(truth[i], within(4 * se[i]));
    }
    assertThat(fit.converged()).isTrue();
    assertThat(fit.excludedZeroSpend()).isZero();
    // Spend is drawn independently of frequency, so the sample correlation is noise: |ρ| < 4/sqrt(n).
    assertThat(Math.abs(fit.frequencySpendCorrelation())).isLessThan(4 / Math.sqrt(fit.customers()));
  }

  /** The density of a mean of x Gamma(p, ν) spends mixed over ν ~ Gamma(q, γ), with whole px and q (factorials). */
  @Test
  void logLikelihoodMatchesTheClosedFormWithFactorials() {
    // p=2, q=3, γ=10, x=1, m=5: Γ(5)/(Γ(2)Γ(3)) · 1^2 · 5^1 · 10^3 / 15^5 = 12 · 5 · 1000 / 759375
    assertThat(new GammaGammaParams(2, 3, 10).logLikelihood(1, 5))
        .isCloseTo(Math.log(12.0 * 5 * 1000 / 759375), within(1e-12));
    // p=1.5, q=2, γ=4, x=2, m=3: px=3, Γ(5)/(Γ(3)Γ(2)) · 2^3 · 3^2 · 4^2 / (4+6)^5 = 12 · 8 · 9 · 16 / 100000
    assertThat(new GammaGammaParams(1.5, 2, 4).logLikelihood(2, 3))
        .isCloseTo(Math.log(12.0 * 8 * 9 * 16 / 100000), within(1e-12));
  }

  /** (frequency_repeat, monetary_repeat): four repeat customers to fit, one one-time buyer, one with zero spend. */
  private static final Object[][] FOUR_FITTED_ONE_ZERO_SPEND = {
      {0L, money("0.00")},
      {1L, money("10.00")},
      {2L, money("20.00")},
      {3L, money("33.00")},
      {3L, money("27.00")},
      {4L, money("0.00")}};

  @Test
  void correlationAndZeroSpendAreReported() {
    Dataset<Row> customers = Fixtures.table(SPEND, FOUR_FITTED_ONE_ZERO_SPEND);

    GammaGammaFit fit = GammaGammaModel.fit(customers, TestConfigs.value());

    // Fitted customers: (1, 10), (2, 20), (3, 33), (3, 27); x̄ = 2.25, m̄ = 22.5.
    // Σdx·dm = (-1.25)(-12.5) + (-0.25)(-2.5) + 0.75·10.5 + 0.75·4.5 = 27.5; Σdx² = 2.75; Σdm² = 293
    assertThat(fit.frequencySpendCorrelation()).isCloseTo(27.5 / Math.sqrt(2.75 * 293), within(1e-12));
    assertThat(fit.customers()).isEqualTo(4);
    assertThat(fit.distinctRows()).isEqualTo(4);
    assertThat(fit.excludedZeroSpend()).isEqualTo(1);
  }

  @Test
  void repeatCustomersWithNegativeSpendAreLeftOutAndCountedWhenAsked() {
    Dataset<Row> customers = Fixtures.table(SPEND, java.util.stream.Stream.concat(
        java.util.Arrays.stream(FOUR_FITTED_ONE_ZERO_SPEND), java.util.stream.Stream.of(
        new Object[] {2L, money("-5.00")},
        new Object[] {1L, money("-0.01")},
        new Object[] {0L, money("-1.00")})).toArray(Object[][]::new));

    GammaGammaFit lenient = GammaGammaModel.fitLeavingOutNegativeSpend(customers, TestConfigs.value());
    GammaGammaFit strict = GammaGammaModel.fit(GammaGammaModel.fittable(customers), TestConfigs.value());

    // (2, -5.00) and (1, -0.01) are repeat customers with negative spend; (0, -1.00) is no repeat customer.
    assertThat(lenient.excludedNegativeSpend()).isEqualTo(2);
    assertThat(lenient.excludedZeroSpend()).isEqualTo(1);
    assertThat(lenient.customers()).isEqualTo(4);
    assertThat(lenient.params()).isEqualTo(strict.params());
    assertThat(strict.excludedNegativeSpend()).isZero();
    assertThat(ValueMetrics.of(CustomerValueTest.FIT, lenient)).containsEntry("gg_excluded_negative_spend", 2.0)
        .containsEntry("gg_excluded_zero_spend", 1.0);
  }

  @Test
  void negativeSpendIsRejectedWithTheCountAndAnExample() {
    Dataset<Row> customers = Fixtures.table(SPEND,
        new Object[] {2L, money("-5.00")},
        new Object[] {1L, money("10.00")},
        new Object[] {0L, money("-1.00")});

    assertThatThrownBy(() -> GammaGammaModel.fit(customers, TestConfigs.value()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid Gamma-Gamma input: 1 repeat customers have a negative monetary_repeat, "
            + "e.g. frequency_repeat=2, monetary_repeat=-5.00");
  }

  @Test
  void tooFewRepeatCustomersIsAnError() {
    Dataset<Row> customers = Fixtures.table(SPEND, new Object[] {0L, money("0.00")}, new Object[] {1L, money("9.00")});

    assertThatThrownBy(() -> GammaGammaModel.fit(customers, TestConfigs.value()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Gamma-Gamma fit needs repeat customers (frequency_repeat > 0) with positive "
            + "monetary_repeat; the input has 1");
  }

  static BigDecimal money(String v) {
    return new BigDecimal(v);
  }

}
