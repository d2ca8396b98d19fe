package com.custseg.value;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.ValueConfig;
import com.custseg.features.RfmColumns;
import com.custseg.io.TransactionColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-customer predictions from fitted models, as Spark column expressions: p_alive (closed form), expected
 * purchases over each configured horizon, expected average order value, CLV and a churn-risk band. Customers
 * without purchases (null {@link RfmColumns#T_DAYS}) get nulls.
 *
 * <p>Expected purchases (equation (10) of the BG/NBD paper) need the hypergeometric function
 * 2F1(r+x, b+x; a+b+x−1; z), z = t/(α+T+t), which Spark has no function for. It depends only on (x, T), so it is
 * evaluated once per distinct (x, T) and horizon in a small lookup table (mapPartitions over the distinct pairs,
 * a few thousand rows for years of daily data) that is joined back; everything else is built-in expressions. With
 * Euler's transformation, 2F1(r+x, b+x; c; z) = (1−z)^(c−r−b−2x) 2F1(c−r−x, c−b−x; c; z), the factor
 * ((α+T)/(α+T+t))^(r+x) of equation (10) combines with it into (1−z)^(a−1), and the remaining series
 * 2F1(a+b−1−r, a−1; a+b+x−1; z) converges quickly for every x.
 */
public final class CustomerValue {
  private static final Logger LOG = LoggerFactory.getLogger(CustomerValue.class);
  private static final String KEY_X = "_value_x";
  private static final String KEY_T = "_value_t";
  private static final String SERIES = "_value_2f1_";
  private static final String TEMPORARY = "_value_expected_";

  /** Adds p_alive, expected_purchases_&lt;N&gt;d for each configured horizon, expected AOV, CLV and churn band. */
  public static Dataset<Row> withValueScores(Dataset<Row> customers, BgNbdFit purchases, GammaGammaFit spend,
      ValueConfig config) {
    ValueInputs.requireNumeric(customers.schema(), "value scoring",
        Stream.concat(ValueInputs.BG_NBD.stream(), Stream.of(RfmColumns.MONETARY_REPEAT)).toList());
    Map<Integer, String> horizons = new LinkedHashMap<>();
    config.horizonsDays().forEach(h -> horizons.put(h, ValueColumns.expectedPurchases(h)));
    for (int month = 1; month <= config.clvMonths(); month++) {
      horizons.putIfAbsent(month * ValueConfig.DAYS_PER_MONTH, TEMPORARY + month * ValueConfig.DAYS_PER_MONTH);
    }
    Dataset<Row> scored = withExpectedPurchases(customers, purchases, horizons, config.maxSeriesTerms(),
        broadcastsLookup(purchases, config));

    Column t = col(RfmColumns.T_DAYS);
    Column aov = expectedAverageOrderValue(spend.params());
    Column clv = lit(0.0);
    for (int month = 1; month <= config.clvMonths(); month++) {
      Column now = col(horizons.get(month * ValueConfig.DAYS_PER_MONTH));
      Column before = month == 1 ? lit(0.0) : col(horizons.get((month - 1) * ValueConfig.DAYS_PER_MONTH));
      clv = clv.plus(now.minus(before).divide(Math.pow(1 + config.monthlyDiscountRate(), month)));
    }
    Column p = col(ValueColumns.P_ALIVE);
    scored = scored
        .withColumn(ValueColumns.EXPECTED_AVG_ORDER_VALUE, money(aov))
        .withColumn(ValueColumns.CLV, money(aov.multiply(clv)))
        .withColumn(ValueColumns.CHURN_RISK_BAND, when(t.isNull(), lit(null).cast(DataTypes.StringType))
            .when(p.lt(config.highRiskBelow()), ValueColumns.CHURN_HIGH)
            .when(p.lt(config.mediumRiskBelow()), ValueColumns.CHURN_MEDIUM)
            .otherwise(ValueColumns.CHURN_LOW));
    List<String> temporary = horizons.values().stream().filter(c -> c.startsWith(TEMPORARY)).toList();
    return scored.drop(temporary.toArray(String[]::new));
  }

  /**
   * Whether the distinct (x, T) lookup of expected purchases is broadcast: when the fit's distinct rows (at least as
   * many as the lookup's) are within both value.max-collected-rows and {@value #BROADCAST_LOOKUP_ROWS}.
   */
  static boolean broadcastsLookup(BgNbdFit fit, ValueConfig config) {
    return fit.distinctRows() <= Math.min(config.maxCollectedRows(), BROADCAST_LOOKUP_ROWS);
  }

  /** The largest fit whose (x, T) lookup is broadcast to the executors. */
  static final long BROADCAST_LOOKUP_ROWS = 100_000;

  /** The same columns as {@link #withValueScores}, all null: for a run whose models could not be fitted. */
  public static Dataset<Row> withoutValueScores(Dataset<Row> customers, ValueConfig config) {
    Dataset<Row> out = customers.withColumn(ValueColumns.P_ALIVE, lit(null).cast(DataTypes.DoubleType));
    for (int h : config.horizonsDays()) {
      out = out.withColumn(ValueColumns.expectedPurchases(h), lit(null).cast(DataTypes.DoubleType));
    }
    return out
        .withColumn(ValueColumns.EXPECTED_AVG_ORDER_VALUE, lit(null).cast(TransactionColumns.MONEY))
        .withColumn(ValueColumns.CLV, lit(null).cast(TransactionColumns.MONEY))
        .withColumn(ValueColumns.CHURN_RISK_BAND, lit(null).cast(DataTypes.StringType));
  }

  /**
   * Adds {@link ValueColumns#P_ALIVE} and, for each horizon in days, the expected number of repeat purchases in
   * that many days after the snapshot, under the column name given.
   *
   * @param broadcastLookup whether the distinct (x, T) lookup is small enough to broadcast
   */
  public static Dataset<Row> withExpectedPurchases(Dataset<Row> customers, BgNbdFit fit,
      Map<Integer, String> horizons, int maxSeriesTerms, boolean broadcastLookup) {
    ValueInputs.requireNumeric(customers.schema(), "expected purchases", ValueInputs.BG_NBD);
    BgNbdParams params = fit.params();
    double unit = fit.unit().days();
    Column x = col(RfmColumns.FREQUENCY_REPEAT).cast("double");
    Column tx = col(RfmColumns.RECENCY_REPEAT).cast("double").divide(unit);
    Column t = col(RfmColumns.T_DAYS).cast("double").divide(unit);
    Column r = lit(params.r());
    Column alpha = lit(params.alpha());
    Column a = lit(params.a());
    Column b = lit(params.b());

    Column dropoutOdds = a.divide(b.plus(x).minus(1))
        .multiply(exp(r.plus(x).multiply(log(alpha.plus(t)).minus(log(alpha.plus(tx))))));
    Column pAlive = when(col(RfmColumns.T_DAYS).isNull(), lit(null).cast(DataTypes.DoubleType))
        .when(x.equalTo(0), lit(1.0))
        .otherwise(lit(1.0).divide(lit(1.0).plus(dropoutOdds)));

    List<Integer> days = new ArrayList<>(new TreeSet<>(horizons.keySet()));
    Dataset<Row> lookup = seriesLookup(customers, params, unit, days, maxSeriesTerms);
    Dataset<Row> joined = customers.join(broadcastLookup ? broadcast(lookup) : lookup,
        col(RfmColumns.FREQUENCY_REPEAT).equalTo(col(KEY_X)).and(col(RfmColumns.T_DAYS).equalTo(col(KEY_T))), "left")
        .withColumn(ValueColumns.P_ALIVE, pAlive);
    Column p = col(ValueColumns.P_ALIVE);
    for (int i = 0; i < days.size(); i++) {
      double h = days.get(i) / unit;
      // (a+b+x−1)/(a−1) · (1 − (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z)) · p_alive, with 1−z = (α+T)/(α+T+h)
      Column shrink = exp(a.minus(1).multiply(log(alpha.plus(t)).minus(log(alpha.plus(t).plus(h)))));
      Column expected = p.multiply(a.plus(b).plus(x).minus(1).divide(a.minus(1)))
          .multiply(lit(1.0).minus(shrink.multiply(col(SERIES + i))));
      joined = joined.withColumn(horizons.get(days.get(i)), expected);
    }
    List<String> drop = new ArrayList<>(List.of(KEY_X, KEY_T));
    for (int i = 0; i < days.size(); i++) {
      drop.add(SERIES + i);
    }
    return joined.drop(drop.toArray(String[]::new));
  }

  /** One row per distinct (x, T) with 2F1(a+b−1−r, a−1; a+b+x−1; z) for each horizon. */
  private static Dataset<Row> seriesLookup(Dataset<Row> customers, BgNbdParams params, double unit, List<Integer> days,
      int maxSeriesTerms) {
    StructType in = customers.schema();
    StructType schema = new StructType()
        .add(KEY_X, in.apply(RfmColumns.FREQUENCY_REPEAT).dataType())
        .add(KEY_T, in.apply(RfmColumns.T_DAYS).dataType());
    for (int i = 0; i < days.size(); i++) {
      schema = schema.add(SERIES + i, DataTypes.DoubleType);
    }
    double first = params.a() + params.b() - 1 - params.r();
    double second = params.a() - 1;
    double cBase = params.a() + params.b() - 1;
    double alpha = params.alpha();
    double[] h = days.stream().mapToDouble(d -> d / unit).toArray();
    MapPartitionsFunction<Row, Row> series = rows -> new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row row = rows.next();
        double x = ((Number) row.get(0)).doubleValue();
        double t = ((Number) row.get(1)).doubleValue() / unit;
        Object[] values = new Object[2 + h.length];
        values[0] = row.get(0);
        values[1] = row.get(1);
        for (int i = 0; i < h.length; i++) {
          values[2 + i] = Hypergeometric.hyp2f1(first, second, cBase + x, h[i] / (alpha + t + h[i]), maxSeriesTerms);
        }
        return RowFactory.create(values);
      }
    };
    return customers
        .where(col(RfmColumns.T_DAYS).isNotNull().and(col(RfmColumns.FREQUENCY_REPEAT).isNotNull()))
        .select(col(RfmColumns.FREQUENCY_REPEAT), col(RfmColumns.T_DAYS))
        .distinct()
        .mapPartitions(series, Encoders.row(schema));
  }

  /**
   * Gamma-Gamma conditional mean spend per purchase: p (γ + x m) / (p x + q − 1), a weighted average of the
   * population mean p γ / (q − 1) and the customer's own mean m. Null when q ≤ 1 (no finite mean).
   */
  static Column expectedAverageOrderValue(GammaGammaParams params) {
    if (!(params.q() > 1)) {
      LOG.warn("Gamma-Gamma q = {} <= 1: mean spend per purchase is infinite; expected_avg_order_value and clv are "
          + "left empty", params.q());
      return lit(null).cast(DataTypes.DoubleType);
    }
    Column x = col(RfmColumns.FREQUENCY_REPEAT).cast("double");
    // Returns can make a customer's mean repeat spend negative; such spend says "nothing more to expect" (0).
    Column m = greatest(coalesce(col(RfmColumns.MONETARY_REPEAT).cast("double"), lit(0.0)), lit(0.0));
    return when(col(RfmColumns.T_DAYS).isNull(), lit(null).cast(DataTypes.DoubleType))
        .otherwise(lit(params.p()).multiply(lit(params.gamma()).plus(x.multiply(m)))
            .divide(lit(params.p()).multiply(x).plus(params.q() - 1)));
  }

  private static Column money(Column amount) {
    return round(amount, 2).cast(TransactionColumns.MONEY);
  }

  private CustomerValue() {}
}
