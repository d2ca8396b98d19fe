package com.custseg.value;

import com.custseg.features.RfmColumns;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.Fixtures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Customers drawn from the BG/NBD and Gamma-Gamma models with a seeded generator, exactly as the models describe
 * them: a purchase rate λ ~ Gamma(r, α) per week and a dropout probability p ~ Beta(a, b); after the first purchase
 * (at time 0) purchases follow a Poisson process and after each repeat purchase the customer drops out with
 * probability p. Each purchase's value is Gamma(p_s, ν) with ν ~ Gamma(q, γ) per customer.
 *
 * <p>Times are kept continuous (in days, as doubles): the test checks the estimator, not rounding to whole days.
 */
final class Simulated {
  static final StructType SCHEMA = new StructType()
      .add(RfmColumns.FREQUENCY_REPEAT, DataTypes.LongType, false)
      .add(RfmColumns.RECENCY_REPEAT, DataTypes.DoubleType, false)
      .add(RfmColumns.T_DAYS, DataTypes.DoubleType, false)
      .add(RfmColumns.MONETARY_REPEAT, TransactionColumns.MONEY, false);

  /** Rows {x, t_x days, T days, mean repeat spend}; T uniform over 27..39 weeks as in the CDNOW cohort. */
  static List<Object[]> customers(int n, long seed, BgNbdParams bg, GammaGammaParams gg) {
    RandomGenerator rng = new Well19937c(seed);
    GammaDistribution rate = new GammaDistribution(rng, bg.r(), 1 / bg.alpha());
    BetaDistribution dropout = new BetaDistribution(rng, bg.a(), bg.b());
    GammaDistribution spendRate = new GammaDistribution(rng, gg.q(), 1 / gg.gamma());
    GammaDistribution unitSpend = new GammaDistribution(rng, gg.p(), 1);
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double ageWeeks = (27 * 7 + rng.nextInt(12 * 7 + 1)) / 7.0;
      double lambda = rate.sample();
      double p = dropout.sample();
      double nu = spendRate.sample();
      long x = 0;
      double t = 0;
      double tx = 0;
      double total = 0;
      while (true) {
        t += -Math.log(1 - rng.nextDouble()) / lambda;
        if (t > ageWeeks) {
          break;
        }
        x++;
        tx = t;
        total += unitSpend.sample() / nu;
        if (rng.nextDouble() < p) {
          break;
        }
      }
      BigDecimal mean = x == 0 ? BigDecimal.ZERO.setScale(2)
          : BigDecimal.valueOf(total / x).setScale(2, RoundingMode.HALF_UP);
      rows.add(new Object[] {x, tx * 7, ageWeeks * 7, mean});
    }
    return rows;
  }

  /** Calibration summary and holdout purchases of one customer: {@link #CALIBRATED} rows. */
  static final StructType CALIBRATED = new StructType()
      .add(TransactionColumns.CUSTOMER_ID, DataTypes.StringType, false)
      .add(RfmColumns.FREQUENCY_REPEAT, DataTypes.LongType, false)
      .add(RfmColumns.RECENCY_REPEAT, DataTypes.DoubleType, false)
      .add(RfmColumns.T_DAYS, DataTypes.IntegerType, false)
      .add(ValueColumns.HOLDOUT_PURCHASES, DataTypes.LongType, false);

  /**
   * Customers drawn from BG/NBD as in {@link #customers}, observed for a calibration period of T whole days (27 to
   * 39 weeks after their first purchase) and then followed for {@code holdoutDays} more days: rows {customer_id, x,
   * t_x days, T days, repeat purchases in the holdout}. The process runs on through the holdout unchanged: a
   * customer alive at the end of calibration keeps buying at rate λ and may drop out after each purchase.
   */
  static List<Object[]> withHoldout(int n, long seed, BgNbdParams bg, int holdoutDays) {
    RandomGenerator rng = new Well19937c(seed);
    GammaDistribution rate = new GammaDistribution(rng, bg.r(), 1 / bg.alpha());
    BetaDistribution dropout = new BetaDistribution(rng, bg.a(), bg.b());
    double holdoutWeeks = holdoutDays / 7.0;
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int ageDays = 27 * 7 + rng.nextInt(12 * 7 + 1);
      double ageWeeks = ageDays / 7.0;
      double lambda = rate.sample();
      double p = dropout.sample();
      long x = 0;
      long holdout = 0;
      double t = 0;
      double tx = 0;
      while (true) {
        t += -Math.log(1 - rng.nextDouble()) / lambda;
        if (t > ageWeeks + holdoutWeeks) {
          break;
        }
        if (t <= ageWeeks) {
          x++;
          tx = t;
        } else {
          holdout++;
        }
        if (rng.nextDouble() < p) {
          break;
        }
      }
      rows.add(new Object[] {"s" + i, x, tx * 7, ageDays, holdout});
    }
    return rows;
  }

  private static Dataset<Row> cdnow;

  /**
   * 50 000 customers drawn with the CDNOW parameters of both models (seed 20050101), built once and cached for the
   * test classes that share the JVM.
   */
  static synchronized Dataset<Row> cdnow50k() {
    if (cdnow == null) {
      cdnow = table(customers(50_000, 20050101L, BgNbdModelTest.CDNOW, BgNbdModelTest.CDNOW_SPEND)).cache();
    }
    return cdnow;
  }

  static Dataset<Row> table(List<Object[]> rows) {
    return Fixtures.table(SCHEMA, rows.toArray(Object[][]::new));
  }

  private Simulated() {}
}
