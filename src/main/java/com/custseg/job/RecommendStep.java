package com.custseg.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.custseg.config.JobConfig;
import com.custseg.config.RecommendConfig;
import com.custseg.features.ContactColumns;
import com.custseg.features.RfmColumns;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.OutputTables;
import com.custseg.io.TransactionColumns;
import com.custseg.recommend.AlsRecommender;
import com.custseg.recommend.HoldoutMetrics;
import com.custseg.recommend.Popularity;
import com.custseg.recommend.Purchases;
import com.custseg.recommend.RecommendColumns;
import com.custseg.recommend.SegmentAffinity;
import com.custseg.region.RegionColumns;
import com.custseg.segment.SegmentColumns;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommendation part of the segment step (segmentation.recommendations, when a category is mapped): the
 * snapshot's segment_affinity, each buyer's top-N categories (ALS; segment popularity for buyers ALS cannot score),
 * and, with --calibration-end, ALS and both baselines measured on what customers first bought after that date.
 */
final class RecommendStep {
  private static final Logger LOG = LoggerFactory.getLogger(RecommendStep.class);
  /**
   * Dimensions of segment_affinity, when customer_segments has them (motive, attitude and loyalty may be absent).
   */
  static final List<String> DIMENSIONS = List.of(SegmentColumns.VALUE_TIER, SegmentColumns.RFM_SEGMENT,
      SegmentColumns.LIFECYCLE_STAGE, SegmentColumns.CLUSTER_ID, RegionColumns.REGION_CODE, SegmentColumns.MOTIVE,
      ContactColumns.ATTITUDE, SegmentColumns.LOYALTY);
  /** The segment of the segment-popularity baseline and fallback. */
  static final String FALLBACK_DIMENSION = SegmentColumns.VALUE_TIER;
  static final String GLOBAL = "global_popularity";
  static final String SEGMENT = "segment_popularity";

  /**
   * Writes the snapshot's recommendation tables; returns the run_metrics model entries ({@code rec_*}).
   *
   * @param segments the snapshot's customer_segments rows as written
   * @param transactions the kept transaction lines
   */
  static Map<String, Double> run(SparkSession spark, JobConfig config, Stages stages, SnapshotWrites writes,
      Dataset<Row> segments, Dataset<Row> transactions, LocalDate asOf) {
    RecommendConfig rec = config.recommendations();
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<String> dimensions = SegmentStep.dimensionsIn(config, DIMENSIONS, segments);
    boolean products = rec.item() == RecommendConfig.Item.PRODUCT;
    // The items of the model: the categories, or the products in the category's place; segment_affinity is by
    // category either way.
    Dataset<Row> items = products
        ? transactions.withColumn(TransactionColumns.CATEGORY, col(TransactionColumns.PRODUCT)) : transactions;
    Dataset<Row> purchases = Purchases.between(items, asOf.minusDays(rec.lookbackDays()), asOf)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> buyers = segments.where(col(RfmColumns.FREQUENCY).gt(0))
        .select(RecommendColumns.CUSTOMER_ID, FALLBACK_DIMENSION, RegionColumns.REGION_CODE);
    try {
      Dataset<Row> affinity = SegmentAffinity.table(products ? Purchases.between(transactions,
          asOf.minusDays(rec.lookbackDays()), asOf) : purchases, segments, dimensions, rec.minSupport())
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> itemAffinity = products
          ? SegmentAffinity.table(purchases, segments, List.of(FALLBACK_DIMENSION), rec.minSupport()) : affinity;
      stages.run("write: segment_affinity", () -> writes.replace(affinity.withColumn(OutputTables.SNAPSHOT_DATE,
          lit(Date.valueOf(asOf))), OutputTables.SEGMENT_AFFINITY, asOf));

      String use = RecommendColumns.ALS;
      if (config.calibrationEnd().isPresent()) {
        Map<String, Double> holdout = holdout(spark, config, stages, writes, segments, items, asOf, dimensions);
        metrics.putAll(holdout);
        use = chooseSource(rec, holdout);
      }
      String source = use;
      AlsRecommender.Fitted fitted = stages.run("recommend: fit ALS", () ->
          AlsRecommender.fit(spark, purchases, rec));
      metrics.put("rec_items", (double) fitted.itemsKept());
      metrics.put("rec_items_dropped", (double) fitted.itemsDropped());
      // ALS scores buyers with at least two purchases in the window (purchase days summed over categories: two
      // days, or two categories on one day); the others (one purchase, or none in the window) get the top
      // categories of their value tier by lift.
      Dataset<Row> repeat = purchases.groupBy(RecommendColumns.CUSTOMER_ID).agg(sum(RecommendColumns.DAYS).as("d"))
          .where(col("d").geq(2)).select(RecommendColumns.CUSTOMER_ID);
      Dataset<Row> scorable = source.equals(RecommendColumns.ALS) ? buyers.join(repeat, RecommendColumns.CUSTOMER_ID)
          .select(RecommendColumns.CUSTOMER_ID) : buyers.limit(0).select(RecommendColumns.CUSTOMER_ID);
      // Kept: the customers it leaves without a recommendation and the table are both computed from it.
      Dataset<Row> byAls = AlsRecommender.recommend(fitted, scorable, purchases, rec.topN())
          .withColumn(RecommendColumns.SOURCE, lit(RecommendColumns.ALS))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> rest = buyers.join(byAls.select(RecommendColumns.CUSTOMER_ID).distinct(),
          new String[] {RecommendColumns.CUSTOMER_ID}, "left_anti");
      Dataset<Row> byBaseline = source.equals(GLOBAL)
          ? Popularity.global(purchases, rest, purchases, rec.topN())
              .withColumn(RecommendColumns.SOURCE, lit(RecommendColumns.GLOBAL_POPULARITY))
          : Popularity.segment(itemAffinity, FALLBACK_DIMENSION, rest, purchases, rec.topN())
              .withColumn(RecommendColumns.SOURCE, lit(RecommendColumns.SEGMENT_LIFT));
      Dataset<Row> recommendations = byAls.unionByName(byBaseline)
          .join(buyers.select(RecommendColumns.CUSTOMER_ID, RegionColumns.REGION_CODE), RecommendColumns.CUSTOMER_ID)
          .select(col(RecommendColumns.CUSTOMER_ID), col(RecommendColumns.RANK),
              col(RecommendColumns.CATEGORY).as(products ? TransactionColumns.PRODUCT : RecommendColumns.CATEGORY),
              col(RecommendColumns.SCORE), col(RecommendColumns.SOURCE), lit(Date.valueOf(asOf))
                  .as(OutputTables.SNAPSHOT_DATE), col(RegionColumns.REGION_CODE));
      stages.run("write: recommendations", () -> writes.replace(recommendations, OutputTables.RECOMMENDATIONS,
          asOf));
      LOG.info("recommendations of {}: {} {} in the model ({} dropped, bought by fewer than {}), source {}",
          asOf, fitted.itemsKept(), products ? "products" : "categories", fitted.itemsDropped(),
          rec.minItemCustomers(), source);
      byAls.unpersist();
      fitted.users().unpersist();
      fitted.items().unpersist();
      affinity.unpersist();
    } finally {
      purchases.unpersist();
    }
    return metrics;
  }

  /**
   * Fits on the purchases before the calibration end and scores ALS, global and segment popularity on the
   * categories each customer first bought between it and the snapshot; writes recommendation_holdout.
   */
  private static Map<String, Double> holdout(SparkSession spark, JobConfig config, Stages stages,
      SnapshotWrites writes, Dataset<Row> segments, Dataset<Row> transactions, LocalDate asOf,
      List<String> dimensions) {
    RecommendConfig rec = config.recommendations();
    LocalDate end = config.calibrationEnd().get();
    Dataset<Row> before = Purchases.between(transactions, end.minusDays(rec.lookbackDays()), end)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // Truth: categories a customer of the calibration period first bought after its end.
    Dataset<Row> truth = Purchases.firstBoughtAfter(transactions, before, end, asOf)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> evaluated = truth.select(RecommendColumns.CUSTOMER_ID).distinct()
        .join(segments.select(RecommendColumns.CUSTOMER_ID, FALLBACK_DIMENSION), RecommendColumns.CUSTOMER_ID);
    int n = rec.topN();
    Dataset<Row> affinity = SegmentAffinity.table(before, segments, List.of(FALLBACK_DIMENSION), rec.minSupport());
    AlsRecommender.Fitted fitted = stages.run("recommend: holdout fit", () -> AlsRecommender.fit(spark, before, rec));
    Map<String, Dataset<Row>> methods = new LinkedHashMap<>();
    methods.put(RecommendColumns.ALS, AlsRecommender.recommend(fitted, evaluated, before, n));
    methods.put(GLOBAL, Popularity.global(before, evaluated, before, n));
    methods.put(SEGMENT, Popularity.segment(affinity, FALLBACK_DIMENSION, evaluated, before, n));
    List<Dataset<Row>> tables = new ArrayList<>();
    methods.forEach((method, recs) -> tables.add(HoldoutMetrics.bySegment(HoldoutMetrics.perCustomer(recs, truth, n)
        .join(evaluated.withColumnRenamed(FALLBACK_DIMENSION, RecommendColumns.SEGMENT),
            RecommendColumns.CUSTOMER_ID), method)));
    Dataset<Row> table = tables.stream().reduce(Dataset::unionByName).orElseThrow()
        .withColumn(RecommendColumns.TOP_N, lit(n))
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(asOf)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Double> metrics = new LinkedHashMap<>();
    stages.run("write: recommendation_holdout", () -> {
      writes.replace(table, OutputTables.RECOMMENDATION_HOLDOUT, asOf);
      // Bounded: one row per method.
      for (Row r : table.where(col(RecommendColumns.SEGMENT).equalTo(RecommendColumns.ALL)).collectAsList()) {
        String prefix = "rec_" + r.getString(r.fieldIndex(RecommendColumns.METHOD)) + "_";
        metrics.put(prefix + "precision_at_" + n, r.getDouble(r.fieldIndex(RecommendColumns.PRECISION)));
        metrics.put(prefix + "recall_at_" + n, r.getDouble(r.fieldIndex(RecommendColumns.RECALL)));
        metrics.put(prefix + "map_at_" + n, r.getDouble(r.fieldIndex(RecommendColumns.MAP)));
        metrics.put("rec_holdout_customers", (double) r.getLong(r.fieldIndex(RecommendColumns.CUSTOMERS)));
      }
    });
    LOG.info("recommendation holdout (calibration end {}): {}", end, metrics);
    table.unpersist();
    truth.unpersist();
    before.unpersist();
    fitted.users().unpersist();
    fitted.items().unpersist();
    return metrics;
  }

  /** ALS, unless told to use the best baseline and a baseline had the higher MAP in the holdout. */
  static String chooseSource(RecommendConfig rec, Map<String, Double> holdout) {
    int n = rec.topN();
    double als = holdout.getOrDefault("rec_" + RecommendColumns.ALS + "_map_at_" + n, 0.0);
    double global = holdout.getOrDefault("rec_" + GLOBAL + "_map_at_" + n, 0.0);
    double segment = holdout.getOrDefault("rec_" + SEGMENT + "_map_at_" + n, 0.0);
    if (als < Math.max(global, segment)) {
      LOG.warn("ALS does not beat popularity in the holdout (MAP@{}: ALS {}, global {}, segment {}){}", n, als,
          global, segment, rec.use() == RecommendConfig.Use.BEST_BASELINE ? ": recommending the best baseline"
              : "; set segmentation.recommendations.use = best-baseline to recommend it instead");
      if (rec.use() == RecommendConfig.Use.BEST_BASELINE) {
        return global >= segment ? GLOBAL : SEGMENT;
      }
    }
    return RecommendColumns.ALS;
  }

  private RecommendStep() {}
}
