package com.custseg.value;

import static com.custseg.testing.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.custseg.config.ValueConfig.TimeUnit;
import com.custseg.config.ValueConfig;
import com.custseg.features.RfmColumns;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class HoldoutCheckTest {
  static final LocalDate CALIBRATION_END = LocalDate.parse("2025-03-01");
  static final LocalDate END = LocalDate.parse("2025-03-29");

  static final StructType CALIBRATION = new StructType()
      .add(TransactionColumns.CUSTOMER_ID, DataTypes.StringType, false)
      .add(RfmColumns.FREQUENCY_REPEAT, DataTypes.LongType, true)
      .add(RfmColumns.RECENCY_REPEAT, DataTypes.IntegerType, true)
      .add(RfmColumns.T_DAYS, DataTypes.IntegerType, true);

  static Dataset<Row> transactions() {
    return Fixtures.transactions(
        line("o1", "c1", "2025-03-03 10:00:00", "10.00", false),
        line("o2", "c1", "2025-03-03 18:00:00", "12.00", false),
        line("o3", "c2", "2025-02-28 23:59:00", "30.00", false),
        line("o4", "c2", "2025-03-29 00:10:00", "30.00", false),
        line("o5", "c3", "2025-03-05 09:00:00", "40.00", false),
        line("o6", "c3", "2025-03-20 09:00:00", "40.00", false),
        line("R7", "c3", "2025-03-21 09:00:00", "-40.00", true),
        line("o8", "c5", "2025-03-10 09:00:00", "99.00", false));
  }

  @Test
  void holdoutPurchasesCountDistinctPurchaseDaysInThePeriod() {
    // c1: two orders on one day; c2: one the day before and one on the end date (both outside); c3: two days and a
    // return (not a purchase); c5: a new customer, counted here and left out by the comparison.
    assertThat(Fixtures.values(HoldoutCheck.holdoutPurchases(transactions(), CALIBRATION_END, END)))
        .isEqualTo(Fixtures.rows(new Object[] {"c1", 1L}, new Object[] {"c3", 2L}, new Object[] {"c5", 1L}));
  }

  @Test
  void predictedVsActualPerFrequencyBucketAndTotal() {
    Dataset<Row> calibration = Fixtures.table(CALIBRATION,
        new Object[] {"c1", 0L, 0, 70},
        new Object[] {"c2", 1L, 14, 70},
        new Object[] {"c3", 3L, 56, 70},
        new Object[] {"c4", 5L, 35, 63},
        new Object[] {"c6", null, null, null});
    ValueConfig config = new ValueConfig(true, TimeUnit.WEEK, 100_000, 2_000, 1e-8, List.of(30), 12, 0.01, 0.3, 0.7,
        1, 100_000);

    Dataset<Row> table = HoldoutCheck.predictedVsActual(calibration,
        HoldoutCheck.holdoutPurchases(transactions(), CALIBRATION_END, END), CustomerValueTest.FIT, CALIBRATION_END,
        END, config);

    // 28 holdout days = 4 weeks; predictions from the paper's formula summed directly.
    double c1 = CustomerValueTest.paperExpected(0, 0, 10, 4);
    double c2 = CustomerValueTest.paperExpected(1, 2, 10, 4);
    double c3 = CustomerValueTest.paperExpected(3, 8, 10, 4);
    double c4 = CustomerValueTest.paperExpected(5, 5, 9, 4);
    List<Row> rows = Fixtures.sortedRows(table);
    assertThat(table.columns()).containsExactly(ValueColumns.FREQUENCY_BUCKET, ValueColumns.CUSTOMERS,
        ValueColumns.ACTUAL_REPEAT_PURCHASES, ValueColumns.PREDICTED_REPEAT_PURCHASES);
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("0", "1+", "total");
    assertThat(rows).extracting(r -> r.getLong(1)).containsExactly(1L, 3L, 4L);
    assertThat(rows).extracting(r -> r.getLong(2)).containsExactly(1L, 2L, 3L);
    assertThat(rows.get(0).getDouble(3)).isCloseTo(c1, within(1e-9));
    assertThat(rows.get(1).getDouble(3)).isCloseTo(c2 + c3 + c4, within(1e-9));
    assertThat(rows.get(2).getDouble(3)).isCloseTo(c1 + c2 + c3 + c4, within(1e-9));
  }

  @Test
  void predictedRepeatPurchasesInASimulatedHoldoutMatchTheActualOnesWithinSamplingError() {
    // 10 000 customers drawn from BG/NBD with the CDNOW parameters, 27..39 weeks of calibration, then 39 weeks of
    // holdout (as in the paper). The model is fitted on the calibration summary only.
    int holdoutDays = 39 * 7;
    Dataset<Row> simulated = Fixtures.table(Simulated.CALIBRATED,
        Simulated.withHoldout(10_000, 19970101L, BgNbdModelTest.CDNOW, holdoutDays).toArray(Object[][]::new))
        .cache();
    Dataset<Row> calibration = simulated.drop(ValueColumns.HOLDOUT_PURCHASES);
    Dataset<Row> holdout = simulated.select(TransactionColumns.CUSTOMER_ID, ValueColumns.HOLDOUT_PURCHASES);
    ValueConfig config = TestConfigs.value();
    BgNbdFit fit = BgNbdModel.fit(calibration, config);

    Row total = HoldoutCheck.predictedVsActual(calibration, holdout, fit, CALIBRATION_END,
        CALIBRATION_END.plusDays(holdoutDays), config).where("frequency_bucket = 'total'").first();
    Row spread = holdout.selectExpr("count(*)", "var_samp(holdout_purchases)").first();

    // Tolerance. Given the calibration histories, the customers' holdout counts are independent, so the actual total
    // scatters around its conditional expectation with variance Σ Var(X_i | history_i). By the law of total variance
    // the mean of Var(X_i | history_i) is at most the unconditional Var(X), estimated by the sample variance of the
    // simulated holdout counts; so sqrt(n · var) bounds the standard deviation of the actual total. The prediction
    // uses fitted instead of true parameters; with 10 000 customers their error moves the prediction by an amount of
    // the same order. Four such standard deviations cover both (a spurious failure at under 1 in 10 000 were the
    // noise normal); the seed is fixed, so the test is reproducible.
    long customers = total.getLong(1);
    long actual = total.getLong(2);
    double predicted = total.getDouble(3);
    double tolerance = 4 * Math.sqrt(spread.getLong(0) * spread.getDouble(1));
    assertThat(customers).isEqualTo(10_000);
    assertThat(actual).isPositive();
    assertThat(predicted).isCloseTo(actual, within(tolerance));
    // The bound is tight enough to mean something: well under a fifth of the total.
    assertThat(tolerance).isLessThan(0.2 * actual);
    simulated.unpersist();
  }

  @Test
  void calibrationEndMustPrecedeTheHoldoutEnd() {
    assertThatThrownBy(() -> HoldoutCheck.holdoutPurchases(transactions(), END, END))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the calibration end date (2025-03-29) must be before the end of the holdout period (2025-03-29)");
  }
}
