package com.custseg.value;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.ValueConfig;
import com.custseg.features.RfmColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits BG/NBD by maximum likelihood at cluster scale: customers are compressed in Spark to distinct
 * (x, t_x, T) rows with counts, which are summed on the driver when few and on the executors otherwise. Customers
 * without a first purchase (null {@link RfmColumns#T_DAYS}) are not part of the model.
 */
public final class BgNbdModel {
  private static final Logger LOG = LoggerFactory.getLogger(BgNbdModel.class);
  private static final String COUNT = "customers";
  /** Start of the search (the lifetimes library's default), α in the model's time unit. */
  private static final double[] START = {1, 1, 1, 1};

  public static BgNbdFit fit(Dataset<Row> customers, ValueConfig config) {
    try (CompressedLikelihood likelihood = likelihood(customers, config)) {
      MaximumLikelihood.Estimate e = MaximumLikelihood.maximise(likelihood::logLikelihood,
          likelihood::logLikelihoods, START, config.maxEvaluations(), config.tolerance());
      BgNbdFit fit = new BgNbdFit(BgNbdParams.of(e.estimates()), e.standardErrors(), e.logLikelihood(),
          e.converged(), e.evaluations(), likelihood.customers(), likelihood.rows(), likelihood.onExecutors(),
          config.timeUnit());
      LOG.info("BG/NBD fit on {} customers ({} distinct rows): {} ± {}, log-likelihood {}, converged {}, "
          + "{} evaluations", fit.customers(), fit.distinctRows(), fit.params(),
          Arrays.toString(fit.standardErrors()), fit.logLikelihood(), fit.converged(), fit.evaluations());
      return fit;
    }
  }

  /** The validated input compressed to distinct (x, t_x, T) rows, times in the configured unit. */
  static CompressedLikelihood likelihood(Dataset<Row> customers, ValueConfig config) {
    ValueInputs.requireNumeric(customers.schema(), "the BG/NBD fit", ValueInputs.BG_NBD);
    Column x = col(RfmColumns.FREQUENCY_REPEAT);
    Column tx = col(RfmColumns.RECENCY_REPEAT);
    Column t = col(RfmColumns.T_DAYS);
    Dataset<Row> compressed = customers.where(t.isNotNull())
        .groupBy(x, tx, t).agg(count(lit(1)).as(COUNT))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long[] sizes = validate(compressed);
      double unit = config.timeUnit().days();
      Dataset<Row> inputs = compressed.select(x.cast("double"), tx.cast("double").divide(unit),
          t.cast("double").divide(unit), col(COUNT));
      return CompressedLikelihood.of(inputs, sizes[0], sizes[1], config.maxCollectedRows(),
          BgNbdParams::logLikelihoodOfFrequency, BgNbdParams::logLikelihoodOfTimes);
    } finally {
      compressed.unpersist();
    }
  }

  /** Checks the compressed input in one small job; returns {customers, distinct rows}. */
  private static long[] validate(Dataset<Row> compressed) {
    Column x = col(RfmColumns.FREQUENCY_REPEAT);
    Column tx = col(RfmColumns.RECENCY_REPEAT);
    Column t = col(RfmColumns.T_DAYS);
    Column n = col(COUNT);
    Column example = format_string(RfmColumns.FREQUENCY_REPEAT + "=%s, " + RfmColumns.RECENCY_REPEAT + "=%s, "
        + RfmColumns.T_DAYS + "=%s", x, tx, t);
    Column[] rules = {
        x.isNull().or(tx.isNull()),
        x.lt(0).or(tx.lt(0)).or(t.lt(0)),
        tx.gt(t)};
    String[] descriptions = {
        "have a null " + RfmColumns.FREQUENCY_REPEAT + " or " + RfmColumns.RECENCY_REPEAT,
        "have a negative " + RfmColumns.FREQUENCY_REPEAT + ", " + RfmColumns.RECENCY_REPEAT + " or "
            + RfmColumns.T_DAYS,
        "have " + RfmColumns.RECENCY_REPEAT + " greater than " + RfmColumns.T_DAYS
            + " (last purchase after the snapshot)"};
    List<Column> aggs = new ArrayList<>(List.of(sum(n), count(lit(1))));
    for (Column rule : rules) {
      aggs.add(sum(when(rule, n).otherwise(0L)));
      aggs.add(first(when(rule, example), true));
    }
    Row r = compressed.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long customers = r.isNullAt(0) ? 0 : r.getLong(0);
    if (customers == 0) {
      throw new InsufficientDataException("the BG/NBD fit needs customers with purchases; the input has none with "
          + RfmColumns.T_DAYS);
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < rules.length; i++) {
      long bad = r.getLong(2 + 2 * i);
      if (bad > 0) {
        problems.add(bad + " customers " + descriptions[i] + ", e.g. " + r.getString(3 + 2 * i));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid BG/NBD input: " + String.join("; ", problems));
    }
    return new long[] {customers, r.getLong(1)};
  }

  private BgNbdModel() {}
}
