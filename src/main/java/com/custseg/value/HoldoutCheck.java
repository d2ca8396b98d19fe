package com.custseg.value;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.ValueConfig;
import com.custseg.features.RfmColumns;
import com.custseg.features.RfmFeatures;
import com.custseg.io.OutputTables;
import com.custseg.io.TransactionColumns;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Out-of-sample check of BG/NBD: fit on the calibration period (transactions before the calibration end date), then
 * compare the purchases the model expects in the holdout period (calibration end up to the snapshot) with those
 * that happened, per calibration repeat-purchase count and in total. Only customers who bought in the calibration
 * period take part; a purchase is a distinct purchase day, as in the calibration summary.
 */
public final class HoldoutCheck {
  /** Column of the value_holdout table: the end of the calibration period. */
  public static final String CALIBRATION_END = "calibration_end";
  private static final String PREDICTED = "_value_predicted";
  private static final Logger LOG = LoggerFactory.getLogger(HoldoutCheck.class);

  /** Distinct purchase days (return lines excluded) per customer in [calibrationEnd, end). */
  public static Dataset<Row> holdoutPurchases(Dataset<Row> transactions, LocalDate calibrationEnd, LocalDate end) {
    requireOrder(calibrationEnd, end);
    Column day = col(TransactionColumns.ORDER_DATE);
    return transactions
        .where(not(col(TransactionColumns.IS_RETURN))
            .and(day.geq(lit(Date.valueOf(calibrationEnd)))).and(day.lt(lit(Date.valueOf(end)))))
        .groupBy(col(TransactionColumns.CUSTOMER_ID))
        .agg(count_distinct(day).as(ValueColumns.HOLDOUT_PURCHASES));
  }

  /**
   * The comparison table: {@link ValueColumns#FREQUENCY_BUCKET} ("0", "1", ..., "N+" and "total"),
   * {@link ValueColumns#CUSTOMERS}, {@link ValueColumns#ACTUAL_REPEAT_PURCHASES} and
   * {@link ValueColumns#PREDICTED_REPEAT_PURCHASES}.
   *
   * @param calibration one row per customer with {@code customer_id} and the repeat-purchase columns as of
   *     {@code calibrationEnd}; customers without a calibration purchase (null T) are left out
   * @param holdout the output of {@link #holdoutPurchases}
   * @param fit BG/NBD fitted on {@code calibration}
   */
  public static Dataset<Row> predictedVsActual(Dataset<Row> calibration, Dataset<Row> holdout, BgNbdFit fit,
      LocalDate calibrationEnd, LocalDate end, ValueConfig config) {
    requireOrder(calibrationEnd, end);
    int days = (int) ChronoUnit.DAYS.between(calibrationEnd, end);
    Dataset<Row> predicted = CustomerValue.withExpectedPurchases(
        calibration.where(col(RfmColumns.T_DAYS).isNotNull()), fit, Map.of(days, PREDICTED),
        config.maxSeriesTerms(), CustomerValue.broadcastsLookup(fit, config));
    Dataset<Row> joined = predicted
        .join(holdout, new String[] {TransactionColumns.CUSTOMER_ID}, "left")
        .withColumn(ValueColumns.HOLDOUT_PURCHASES, coalesce(col(ValueColumns.HOLDOUT_PURCHASES), lit(0L)));
    int cap = config.holdoutMaxFrequencyBucket();
    Column x = col(RfmColumns.FREQUENCY_REPEAT);
    Column bucket = when(x.geq(cap), lit(cap + "+")).otherwise(x.cast("string"));
    Column[] figures = {
        count(lit(1)).as(ValueColumns.CUSTOMERS),
        sum(col(ValueColumns.HOLDOUT_PURCHASES)).as(ValueColumns.ACTUAL_REPEAT_PURCHASES),
        sum(col(PREDICTED)).as(ValueColumns.PREDICTED_REPEAT_PURCHASES)};
    Dataset<Row> perBucket = joined.groupBy(bucket.as(ValueColumns.FREQUENCY_BUCKET))
        .agg(figures[0], figures[1], figures[2]);
    Dataset<Row> total = joined.agg(figures[0], figures[1], figures[2])
        .select(lit(ValueColumns.TOTAL).as(ValueColumns.FREQUENCY_BUCKET), col(ValueColumns.CUSTOMERS),
            col(ValueColumns.ACTUAL_REPEAT_PURCHASES), col(ValueColumns.PREDICTED_REPEAT_PURCHASES));
    return perBucket.unionByName(total);
  }

  /**
   * The value_holdout rows of a snapshot: BG/NBD fitted on the transactions before {@code calibrationEnd}, its
   * predicted repeat purchases until the snapshot against the actual ones, per calibration frequency and in total
   * (also logged).
   */
  public static Dataset<Row> table(Dataset<Row> transactions, LocalDate calibrationEnd, LocalDate asOf,
      boolean categoryMapped, ValueConfig config) {
    requireOrder(calibrationEnd, asOf);
    Dataset<Row> calibration = RfmFeatures.rfmPerCustomer(
        transactions.where(col(TransactionColumns.ORDER_DATE).lt(lit(Date.valueOf(calibrationEnd)))),
        calibrationEnd, categoryMapped).persist(StorageLevel.MEMORY_AND_DISK());
    BgNbdFit fit = BgNbdModel.fit(calibration, config);
    Dataset<Row> table = predictedVsActual(calibration, holdoutPurchases(transactions, calibrationEnd, asOf), fit,
        calibrationEnd, asOf, config)
        .withColumn(CALIBRATION_END, lit(Date.valueOf(calibrationEnd)))
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(asOf)))
        .localCheckpoint();
    // Bounded: one row per frequency bucket.
    table.where(col(ValueColumns.FREQUENCY_BUCKET).equalTo(ValueColumns.TOTAL)).collectAsList().forEach(r ->
        LOG.info("holdout {} .. {}: {} customers, predicted {} repeat purchases, actual {}", calibrationEnd, asOf,
            r.getAs(ValueColumns.CUSTOMERS), r.getAs(ValueColumns.PREDICTED_REPEAT_PURCHASES),
            r.getAs(ValueColumns.ACTUAL_REPEAT_PURCHASES)));
    calibration.unpersist();
    return table;
  }

  private static void requireOrder(LocalDate calibrationEnd, LocalDate end) {
    if (!calibrationEnd.isBefore(end)) {
      throw new IllegalArgumentException("the calibration end date (" + calibrationEnd
          + ") must be before the end of the holdout period (" + end + ")");
    }
  }

  private HoldoutCheck() {}
}
