package com.custseg.value;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.ValueConfig;
import com.custseg.features.RfmColumns;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood on repeat customers (x &gt; 0) and their mean repeat spend.
 * The sufficient input is the distinct (x, mean spend) pairs with counts, aggregated in Spark; like BG/NBD it is
 * summed on the driver when small and on the executors otherwise. Customers whose repeat spend nets to exactly 0
 * cannot be described by the model (spend is positive) and are left out and counted; negative spend is an error.
 */
public final class GammaGammaModel {

  /**
   * The customers the spend model can be fitted on: non-repeat customers and repeat customers whose mean repeat spend
   * is not negative (returns on later days can net it below zero; those customers say nothing about spend per
   * purchase and are left out of the fit, not an error of the input).
   */
  public static Dataset<Row> fittable(Dataset<Row> customers) {
    return customers.where(col(RfmColumns.FREQUENCY_REPEAT).equalTo(0)
        .or(col(RfmColumns.MONETARY_REPEAT).geq(0)));
  }
  private static final Logger LOG = LoggerFactory.getLogger(GammaGammaModel.class);
  private static final String COUNT = "customers";
  private static final double[] START = {1, 1, 1};

  /** Fits the model; a repeat customer with negative mean repeat spend is an error. */
  public static GammaGammaFit fit(Dataset<Row> customers, ValueConfig config) {
    return fit(customers, config, false);
  }

  /**
   * Fits the model on the {@link #fittable} customers and counts the repeat customers left out for a negative mean
   * repeat spend ({@link GammaGammaFit#excludedNegativeSpend}), in the same aggregation job as the other checks.
   */
  public static GammaGammaFit fitLeavingOutNegativeSpend(Dataset<Row> customers, ValueConfig config) {
    return fit(customers, config, true);
  }

  private static GammaGammaFit fit(Dataset<Row> customers, ValueConfig config, boolean leaveOutNegative) {
    ValueInputs.requireNumeric(customers.schema(), "the Gamma-Gamma fit", ValueInputs.GAMMA_GAMMA);
    Column x = col(RfmColumns.FREQUENCY_REPEAT);
    Column m = col(RfmColumns.MONETARY_REPEAT);
    Dataset<Row> repeat = customers.where(x.gt(0));
    Column positive = m.gt(0);
    Column negative = m.lt(0);
    Row stats = repeat.agg(
        count(lit(1)),
        sum(when(negative, 1L).otherwise(0L)),
        first(when(negative, format_string(RfmColumns.FREQUENCY_REPEAT + "=%s, " + RfmColumns.MONETARY_REPEAT
            + "=%s", x, m)), true),
        sum(when(m.isNull(), 1L).otherwise(0L)),
        sum(when(m.equalTo(0), 1L).otherwise(0L)),
        sum(when(positive, 1L).otherwise(0L)),
        corr(when(positive, x.cast("double")), when(positive, m.cast("double")))).first();
    // Sums over no repeat customers are null.
    long negatives = stats.isNullAt(1) ? 0 : stats.getLong(1);
    long nulls = stats.isNullAt(3) ? 0 : stats.getLong(3);
    if ((negatives > 0 && !leaveOutNegative) || nulls > 0) {
      StringBuilder message = new StringBuilder("invalid Gamma-Gamma input:");
      if (negatives > 0 && !leaveOutNegative) {
        message.append(' ').append(negatives).append(" repeat customers have a negative ")
            .append(RfmColumns.MONETARY_REPEAT).append(", e.g. ").append(stats.getString(2));
        if (nulls > 0) {
          message.append(';');
        }
      }
      if (nulls > 0) {
        message.append(' ').append(nulls).append(" repeat customers have a null ").append(RfmColumns.MONETARY_REPEAT);
      }
      throw new IllegalArgumentException(message.toString());
    }
    long zero = stats.isNullAt(4) ? 0 : stats.getLong(4);
    long fitted = stats.isNullAt(5) ? 0 : stats.getLong(5);
    if (fitted < 2) {
      throw new InsufficientDataException("the Gamma-Gamma fit needs repeat customers (" + RfmColumns.FREQUENCY_REPEAT
          + " > 0) with positive " + RfmColumns.MONETARY_REPEAT + "; the input has " + fitted);
    }
    double correlation = stats.isNullAt(6) ? Double.NaN : stats.getDouble(6);

    Dataset<Row> compressed = repeat.where(positive).groupBy(x, m).agg(count(lit(1)).as(COUNT))
        .select(x.cast("double"), m.cast("double"), col(COUNT))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long rows = compressed.count();
    try (CompressedLikelihood likelihood = CompressedLikelihood.of(compressed, fitted, rows,
        config.maxCollectedRows(), GammaGammaParams::logLikelihoodOfFrequency, GammaGammaParams::logLikelihoodOfSpend)) {
      compressed.unpersist();
      MaximumLikelihood.Estimate e = MaximumLikelihood.maximise(likelihood::logLikelihood,
          likelihood::logLikelihoods, START, config.maxEvaluations(), config.tolerance());
      GammaGammaFit fit = new GammaGammaFit(GammaGammaParams.of(e.estimates()), e.standardErrors(),
          e.logLikelihood(), e.converged(), e.evaluations(), fitted, rows, zero, leaveOutNegative ? negatives : 0,
          correlation);
      LOG.info("Gamma-Gamma fit on {} repeat customers ({} distinct rows, {} with zero and {} with negative spend "
          + "left out): {} ± {}, log-likelihood {}, converged {}, {} evaluations, corr(x, spend) {}", fitted, rows,
          zero, fit.excludedNegativeSpend(), fit.params(),
          Arrays.toString(fit.standardErrors()), fit.logLikelihood(), fit.converged(), fit.evaluations(),
          correlation);
      if (Math.abs(correlation) > 0.3) {
        LOG.warn("corr(frequency, mean spend) = {}: the Gamma-Gamma independence assumption is doubtful",
            correlation);
      }
      return fit;
    }
  }

  private GammaGammaModel() {}
}
