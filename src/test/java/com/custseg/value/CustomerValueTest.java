package com.custseg.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.custseg.config.ValueConfig.TimeUnit;
import com.custseg.config.ValueConfig;
import com.custseg.features.RfmColumns;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CustomerValueTest {
  static final BgNbdParams CDNOW = BgNbdModelTest.CDNOW;
  static final GammaGammaParams SPEND = BgNbdModelTest.CDNOW_SPEND;
  static final BgNbdFit FIT = new BgNbdFit(CDNOW, new double[4], -9582.4, true, 1, 2357, 1, false, TimeUnit.WEEK);
  static final GammaGammaFit SPEND_FIT = new GammaGammaFit(SPEND, new double[3], 0, true, 1, 946, 1, 0, 0, 0.11);

  static final StructType CUSTOMERS = new StructType()
      .add("id", DataTypes.StringType, false)
      .add(RfmColumns.FREQUENCY_REPEAT, DataTypes.LongType, true)
      .add(RfmColumns.RECENCY_REPEAT, DataTypes.DoubleType, true)
      .add(RfmColumns.T_DAYS, DataTypes.DoubleType, true)
      .add(RfmColumns.MONETARY_REPEAT, TransactionColumns.MONEY, true);

  static Object[] customer(String id, Long x, Double txDays, Double tDays, String spend) {
    return new Object[] {id, x, txDays, tDays, spend == null ? null : new BigDecimal(spend)};
  }

  static Dataset<Row> customers() {
    return Fixtures.table(CUSTOMERS,
        customer("a_paper", 2L, 30.43 * 7, 38.86 * 7, "50.00"),
        customer("b_single", 0L, 0.0, 38.86 * 7, "0.00"),
        customer("c_lapsed", 10L, 20.0 * 7, 38.0 * 7, "20.00"),
        customer("d_recent", 10L, 37.0 * 7, 38.0 * 7, "20.00"),
        customer("e_none", null, null, null, null));
  }

  static Map<String, Row> byId(Dataset<Row> result) {
    Map<String, Row> rows = new LinkedHashMap<>();
    result.collectAsList().forEach(r -> rows.put(r.getString(0), r));
    return rows;
  }

  /** p_alive = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) for x &gt; 0, equation (13) of the paper. */
  static double paperPAlive(double x, double tx, double t) {
    return 1 / (1 + CDNOW.a() / (CDNOW.b() + x - 1)
        * Math.pow((CDNOW.alpha() + t) / (CDNOW.alpha() + tx), CDNOW.r() + x));
  }

  @Test
  void expectedPurchasesReproduceThePapersWorkedExample() {
    // Section 5 of the paper: a customer with x = 2, t_x = 30.43, T = 38.86 weeks is expected to make 1.226
    // purchases in the next 39 weeks (= 273 days).
    Dataset<Row> scored = CustomerValue.withExpectedPurchases(customers(), FIT, Map.of(273, "e39w"), 100_000, true);

    Row paper = byId(scored).get("a_paper");
    assertThat(paper.getDouble(paper.fieldIndex("e39w"))).isCloseTo(1.226, within(0.0005));
    assertThat(paper.getDouble(paper.fieldIndex(ValueColumns.P_ALIVE)))
        .isCloseTo(paperPAlive(2, 30.43, 38.86), within(1e-12));
  }

  /**
   * For horizons short next to α+T the untransformed series of equation (10) converges fast, so it can be summed
   * here directly as the paper writes it: a different code path from the Euler-transformed production series.
   */
  @Test
  void expectedPurchasesMatchTheUntransformedFormulaOnShortHorizons() {
    Dataset<Row> scored = CustomerValue.withExpectedPurchases(customers(), FIT, Map.of(30, "e30"), 100_000, false);
    Map<String, Row> rows = byId(scored);
    double[][] cases = {{2, 30.43, 38.86}, {0, 0, 38.86}, {10, 20, 38}, {10, 37, 38}};
    String[] ids = {"a_paper", "b_single", "c_lapsed", "d_recent"};
    for (int i = 0; i < ids.length; i++) {
      double expected = paperExpected(cases[i][0], cases[i][1], cases[i][2], 30 / 7.0);
      Row row = rows.get(ids[i]);
      assertThat(row.getDouble(row.fieldIndex("e30"))).as(ids[i]).isCloseTo(expected, within(1e-9 * expected));
    }
  }

  /** Equation (10) with the series of 2F1(r+x, b+x; a+b+x−1; z) summed as written (fine for small z). */
  static double paperExpected(double x, double tx, double t, double h) {
    double z = h / (CDNOW.alpha() + t + h);
    double series = 0;
    double term = 1;
    for (int k = 0; k < 200; k++) {
      series += term;
      term *= (CDNOW.r() + x + k) * (CDNOW.b() + x + k) / ((CDNOW.a() + CDNOW.b() + x - 1 + k) * (k + 1)) * z;
    }
    double bracket = 1 - Math.pow((CDNOW.alpha() + t) / (CDNOW.alpha() + t + h), CDNOW.r() + x) * series;
    double pAlive = x == 0 ? 1 : paperPAlive(x, tx, t);
    return (CDNOW.a() + CDNOW.b() + x - 1) / (CDNOW.a() - 1) * bracket * pAlive;
  }

  @Test
  void scoresEveryBuyerAndLeavesNonBuyersEmpty() {
    ValueConfig config = TestConfigs.value();

    Map<String, Row> rows = byId(CustomerValue.withValueScores(customers(), FIT, SPEND_FIT, config));

    Row single = rows.get("b_single");
    assertThat(single.getDouble(single.fieldIndex(ValueColumns.P_ALIVE))).isEqualTo(1.0);
    for (String id : List.of("a_paper", "b_single", "c_lapsed", "d_recent")) {
      Row r = rows.get(id);
      double e30 = r.getDouble(r.fieldIndex(ValueColumns.expectedPurchases(30)));
      double e90 = r.getDouble(r.fieldIndex(ValueColumns.expectedPurchases(90)));
      double e365 = r.getDouble(r.fieldIndex(ValueColumns.expectedPurchases(365)));
      assertThat(e30).as(id).isPositive().isLessThan(e90);
      assertThat(e90).as(id).isLessThan(e365);
    }
    Row lapsed = rows.get("c_lapsed");
    Row recent = rows.get("d_recent");
    // Same frequency, but 18 silent weeks: far less likely to be alive, so high churn risk.
    assertThat(lapsed.getDouble(lapsed.fieldIndex(ValueColumns.P_ALIVE)))
        .isCloseTo(paperPAlive(10, 20, 38), within(1e-12)).isLessThan(0.3);
    assertThat(lapsed.getString(lapsed.fieldIndex(ValueColumns.CHURN_RISK_BAND))).isEqualTo(ValueColumns.CHURN_HIGH);
    assertThat(recent.getDouble(recent.fieldIndex(ValueColumns.P_ALIVE)))
        .isCloseTo(paperPAlive(10, 37, 38), within(1e-12)).isGreaterThan(0.7);
    assertThat(recent.getString(recent.fieldIndex(ValueColumns.CHURN_RISK_BAND))).isEqualTo(ValueColumns.CHURN_LOW);
    assertThat(single.getString(single.fieldIndex(ValueColumns.CHURN_RISK_BAND))).isEqualTo(ValueColumns.CHURN_LOW);

    // Expected AOV: p(γ + x m)/(p x + q − 1). x = 0: 6.25·15.44/2.74 = 35.2189… ; x = 2, m = 50:
    // 6.25·115.44/15.24 = 47.3425…
    assertThat(single.getDecimal(single.fieldIndex(ValueColumns.EXPECTED_AVG_ORDER_VALUE)))
        .isEqualByComparingTo("35.22");
    Row paper = rows.get("a_paper");
    assertThat(paper.getDecimal(paper.fieldIndex(ValueColumns.EXPECTED_AVG_ORDER_VALUE)))
        .isEqualByComparingTo("47.34");

    Row none = rows.get("e_none");
    for (String column : List.of(ValueColumns.P_ALIVE, ValueColumns.expectedPurchases(30),
        ValueColumns.EXPECTED_AVG_ORDER_VALUE, ValueColumns.CLV, ValueColumns.CHURN_RISK_BAND)) {
      assertThat(none.isNullAt(none.fieldIndex(column))).as(column).isTrue();
    }
  }

  @Test
  void negativeRepeatSpendFromReturnsIsLeftOutOfTheFitAndExpectsNothingExtra() {
    Dataset<Row> withReturns = Fixtures.table(CUSTOMERS,
        customer("net_negative", 2L, 30.43 * 7, 38.86 * 7, "-120.50"),
        customer("net_zero", 2L, 30.43 * 7, 38.86 * 7, "0.00"),
        customer("single", 0L, 0.0, 38.86 * 7, "0.00"));

    assertThat(GammaGammaModel.fittable(withReturns).collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("net_zero", "single");
    Map<String, Row> scored = byId(CustomerValue.withValueScores(withReturns, FIT, SPEND_FIT,
        TestConfigs.value()));
    BigDecimal negative = scored.get("net_negative").getDecimal(scored.get("net_negative")
        .fieldIndex(ValueColumns.EXPECTED_AVG_ORDER_VALUE));
    // p·γ / (p·x + q − 1) with x = 2 and spend 0: 6.25 × 15.44 / (12.5 + 2.74) = 6.33
    assertThat(negative).isEqualByComparingTo("6.33")
        .isEqualByComparingTo(scored.get("net_zero").getDecimal(scored.get("net_zero")
            .fieldIndex(ValueColumns.EXPECTED_AVG_ORDER_VALUE)));
  }

  @Test
  void clvIsTheMonthlyDiscountedExpectedSpend() {
    // Expected purchases at the ends of months 1..3, from the same model, then the CLV sum done by hand.
    ValueConfig config = new ValueConfig(true, TimeUnit.WEEK, 100_000, 2_000, 1e-8, List.of(30, 60, 90), 3, 0.01,
        0.3, 0.7, 7, 100_000);
    Row paper = byId(CustomerValue.withValueScores(customers(), FIT, SPEND_FIT, config)).get("a_paper");
    double e1 = paper.getDouble(paper.fieldIndex(ValueColumns.expectedPurchases(30)));
    double e2 = paper.getDouble(paper.fieldIndex(ValueColumns.expectedPurchases(60)));
    double e3 = paper.getDouble(paper.fieldIndex(ValueColumns.expectedPurchases(90)));
    double aov = 6.25 * 115.44 / 15.24;
    double clv = aov * (e1 / 1.01 + (e2 - e1) / (1.01 * 1.01) + (e3 - e2) / (1.01 * 1.01 * 1.01));

    assertThat(paper.getDecimal(paper.fieldIndex(ValueColumns.CLV)))
        .isEqualByComparingTo(BigDecimal.valueOf(clv).setScale(2, java.math.RoundingMode.HALF_UP));
    assertThat(paper.schema().names()).doesNotContain("_value_expected_30", "_value_2f1_0", "_value_x");
  }

  @Test
  void hypergeometricSeriesMatchesItsClosedForm() {
    // 2F1(1, 1; 2; z) = −ln(1−z)/z
    for (double z : new double[] {0.1, 0.5, 0.9, 0.99}) {
      assertThat(Hypergeometric.hyp2f1(1, 1, 2, z, 100_000)).isCloseTo(-Math.log(1 - z) / z, within(1e-12));
    }
    // A terminating series: 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    assertThat(Hypergeometric.hyp2f1(-2, 3, 4, 0.5, 100)).isCloseTo(1 - 0.75 + 12 * 0.25 / 20, within(1e-15));
  }

  @Test
  void hypergeometricSeriesRefusesToTruncate() {
    assertThatThrownBy(() -> Hypergeometric.hyp2f1(1, 1, 2, 0.999, 100))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("hypergeometric series 2F1(1.0, 1.0; 2.0; 0.999) did not converge in 100 terms "
            + "(segmentation.value.max-series-terms)");
  }

  @Test
  void missingInputColumnsAreNamed() {
    Dataset<Row> noSpend = customers().drop(RfmColumns.MONETARY_REPEAT);

    assertThatThrownBy(() -> CustomerValue.withValueScores(noSpend, FIT, SPEND_FIT, TestConfigs.value()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("value scoring: missing column(s) [monetary_repeat]; actual schema:\n");
  }
}
