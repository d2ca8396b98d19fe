package com.custseg.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;

import com.custseg.cluster.ClusterColumns;
import com.custseg.cluster.ClusteringResult;
import com.custseg.cluster.KMeansSegmenter.Candidate;
import com.custseg.features.ContactColumns;
import com.custseg.features.RfmColumns;
import com.custseg.history.SegmentMigration;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetrics;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SnapshotTables;
import com.custseg.io.TransactionColumns;
import com.custseg.quality.InputCounts;
import com.custseg.region.RegionColumns;
import com.custseg.segment.SegmentColumns;
import com.custseg.value.HoldoutCheck;
import com.custseg.value.ValueColumns;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The small aggregates behind the HTML report of one snapshot, computed by Spark from the written tables: at most
 * regions x tiers, bins x bins, k + 1, one run_metrics and the value_holdout rows reach the driver.
 *
 * @param tierOrder tier codes in rule order (the order of the legend and the stacks)
 * @param bins number of R and F scores (the heat map is bins x bins)
 */
public record ReportData(
    LocalDate snapshotDate,
    List<String> tierOrder,
    int bins,
    List<Cell> regionTiers,
    List<RfCell> rfCells,
    List<Cluster> clusters,
    Map<String, InputCounts> inputs,
    List<Move> tierMoves,
    KSearch kSearch,
    Holdout holdout,
    Mixes mixes) {

  /** As the canonical constructor, without the mixes of the further dimensions (tests of the other sections). */
  public ReportData(LocalDate snapshotDate, List<String> tierOrder, int bins, List<Cell> regionTiers,
      List<RfCell> rfCells, List<Cluster> clusters, Map<String, InputCounts> inputs, List<Move> tierMoves,
      KSearch kSearch, Holdout holdout) {
    this(snapshotDate, tierOrder, bins, regionTiers, rfCells, clusters, inputs, tierMoves, kSearch, holdout,
        Mixes.NONE);
  }

  /** Customers of one group (a region, tier or cluster) with one value of a further dimension. */
  public record Mix(String group, String groupLabel, String value, String valueLabel, long customers) {}

  /**
   * The report's dimensions beyond value: customers per region by preferred channel (buyers and non-buyers with
   * interactions in the last year), per value tier by attitude, per cluster by buying motive. Empty lists when the
   * snapshot has no such column.
   */
  public record Mixes(List<Mix> channelByRegion, List<Mix> attitudeByTier, List<Mix> motiveByCluster) {
    public static final Mixes NONE = new Mixes(List.of(), List.of(), List.of());

    public Mixes {
      channelByRegion = List.copyOf(channelByRegion);
      attitudeByTier = List.copyOf(attitudeByTier);
      motiveByCluster = List.copyOf(motiveByCluster);
    }
  }

  /** Customers and revenue of one region and tier. */
  public record Cell(String regionCode, String regionName, String tier, String tierName, long customers,
      BigDecimal revenue) {}

  /** Buyers with this recency and frequency score, and their mean monetary value. */
  public record RfCell(int rScore, int fScore, long customers, BigDecimal meanMonetary) {}

  /**
   * One k-means cluster (-1: no purchases) with its code and name: size, means of the features, and the means
   * standardised against all buyers ((cluster mean - mean) / standard deviation), the shape of a snake plot. Null
   * means for non-buyers.
   */
  public record Cluster(int clusterId, String code, String name, long customers, BigDecimal revenue, Double meanRecencyDays,
      Double meanFrequency, BigDecimal meanMonetary, double[] standardised) {}

  /**
   * Customers whose value tier went from {@code from} to {@code to} since the previous snapshot, all regions
   * together ({@code (new)} / {@code (gone)} for customers in one snapshot only).
   */
  public record Move(String from, String to, long customers, BigDecimal revenue) {}

  /**
   * How this snapshot's k was chosen, from the run's run_metrics.model: the k of the model and every candidate k
   * tried on the sample (none when k was fixed or a saved model scored the customers).
   */
  public record KSearch(int k, List<Candidate> candidates) {
    public static final KSearch NONE = new KSearch(0, List.of());

    public KSearch {
      candidates = List.copyOf(candidates);
    }
  }

  /** One row of value_holdout: a calibration-frequency bucket ("0", "1", ..., "7+") or the total. */
  public record HoldoutBucket(String bucket, long customers, long actual, double predicted) {}

  /**
   * The snapshot's holdout check of the purchase model (value_holdout), buckets in table order with the total
   * last; {@link #NONE} when the run had no calibration end date.
   */
  public record Holdout(LocalDate calibrationEnd, List<HoldoutBucket> buckets) {
    public static final Holdout NONE = new Holdout(null, List.of());

    public Holdout {
      buckets = List.copyOf(buckets);
    }

    public boolean present() {
      return !buckets.isEmpty();
    }
  }

  public ReportData {
    tierMoves = List.copyOf(tierMoves);
    tierOrder = List.copyOf(tierOrder);
    regionTiers = List.copyOf(regionTiers);
    rfCells = List.copyOf(rfCells);
    clusters = List.copyOf(clusters);
    inputs = Map.copyOf(inputs);
  }

  public static ReportData collect(SparkSession spark, String segmentsPath, String summaryPath,
      String migrationPath, String runMetricsPath, String holdoutPath, LocalDate snapshot, List<String> tierOrder, int bins,
      Map<String, InputCounts> inputs) {
    Dataset<Row> segments = SnapshotTables.readSnapshot(spark, segmentsPath, snapshot);
    Dataset<Row> summary = SnapshotTables.readSnapshot(spark, summaryPath, snapshot);
    return new ReportData(snapshot, tierOrder, bins, regionTiers(summary), rfCells(segments),
        clusters(segments), inputs, tierMoves(spark, migrationPath, snapshot),
        kSearch(spark, runMetricsPath, snapshot), holdout(spark, holdoutPath, snapshot), mixes(segments, summary));
  }

  /**
   * The mixes of {@link Mixes}; bounded: regions x channels, tiers x attitudes, clusters x motives. The channel mix
   * counts customers with a preferred channel (interactions in the last 365 days) only.
   */
  static Mixes mixes(Dataset<Row> segments, Dataset<Row> summary) {
    List<Mix> channels = has(segments, ContactColumns.PREFERRED_CHANNEL)
        ? mix(segments.where(col(ContactColumns.PREFERRED_CHANNEL).isNotNull()), RegionColumns.REGION_CODE,
            RegionColumns.REGION_NAME, ContactColumns.PREFERRED_CHANNEL, ContactColumns.PREFERRED_CHANNEL, false)
        : List.of();
    List<Mix> attitudes = has(summary, ContactColumns.ATTITUDE)
        ? mix(summary, SegmentColumns.VALUE_TIER, SegmentColumns.VALUE_TIER_NAME, ContactColumns.ATTITUDE,
            ContactColumns.ATTITUDE, true)
        : List.of();
    List<Mix> motives = has(summary, SegmentColumns.MOTIVE)
        ? mix(summary, SegmentColumns.CLUSTER_ID, ClusterColumns.CLUSTER_NAME, SegmentColumns.MOTIVE,
            SegmentColumns.MOTIVE_NAME, true)
        : List.of();
    return new Mixes(channels, attitudes, motives);
  }

  /** Customers per group and value: summed from segment_summary ({@code counted}), else counted per customer. */
  private static List<Mix> mix(Dataset<Row> rows, String group, String groupLabel, String value, String valueLabel,
      boolean counted) {
    return rows.where(col(value).isNotNull())
        .groupBy(col(group).cast("string"), col(groupLabel), col(value), col(valueLabel))
        .agg(counted ? sum(OutputTables.CUSTOMERS) : count(lit(1)))
        .collectAsList().stream()
        .map(r -> new Mix(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4)))
        .toList();
  }

  private static boolean has(Dataset<Row> rows, String column) {
    return java.util.Arrays.asList(rows.columns()).contains(column);
  }

  /** The snapshot's rows of value_holdout, ordered 0, 1, ..., N+, total. Bounded: one row per bucket. */
  static Holdout holdout(SparkSession spark, String holdoutPath, LocalDate snapshot) {
    if (!SnapshotTables.exists(spark, holdoutPath)) {
      return Holdout.NONE;
    }
    List<Row> rows = SnapshotTables.readSnapshot(spark, holdoutPath, snapshot)
        .select(col(HoldoutCheck.CALIBRATION_END), col(ValueColumns.FREQUENCY_BUCKET), col(ValueColumns.CUSTOMERS),
            col(ValueColumns.ACTUAL_REPEAT_PURCHASES), col(ValueColumns.PREDICTED_REPEAT_PURCHASES))
        .collectAsList();
    if (rows.isEmpty()) {
      return Holdout.NONE;
    }
    List<HoldoutBucket> buckets = rows.stream()
        .map(r -> new HoldoutBucket(r.getString(1), r.getLong(2), r.getLong(3), r.getDouble(4)))
        .sorted(Comparator.comparingInt(b -> bucketOrder(b.bucket())))
        .toList();
    return new Holdout(rows.get(0).getDate(0).toLocalDate(), buckets);
  }

  /** "0" < "1" < ... < "7+" < "total". */
  private static int bucketOrder(String bucket) {
    if (bucket.equals(ValueColumns.TOTAL)) {
      return Integer.MAX_VALUE;
    }
    return bucket.endsWith("+") ? Integer.parseInt(bucket.substring(0, bucket.length() - 1)) * 2 + 1
        : Integer.parseInt(bucket) * 2;
  }

  /**
   * The k search of the latest successful run of the snapshot that clustered (its model map has k). Bounded: one
   * run_metrics row.
   */
  static KSearch kSearch(SparkSession spark, String runMetricsPath, LocalDate snapshot) {
    Optional<Dataset<Row>> runs = RunMetricsTable.read(spark, runMetricsPath);
    if (runs.isEmpty()) {
      return KSearch.NONE;
    }
    List<Row> latest = runs.get()
        .where(col(RunMetricsTable.SNAPSHOT_DATE).equalTo(lit(Date.valueOf(snapshot)))
            .and(col(RunMetricsTable.STATUS).equalTo(RunMetrics.SUCCEEDED))
            .and(col(RunMetricsTable.MODEL).getItem(ClusteringResult.K).isNotNull()))
        .orderBy(col(RunMetricsTable.STARTED_AT).desc())
        .select(RunMetricsTable.MODEL).limit(1).collectAsList();
    if (latest.isEmpty()) {
      return KSearch.NONE;
    }
    Map<String, Double> model = latest.get(0).getJavaMap(0);
    return new KSearch(model.get(ClusteringResult.K).intValue(), ClusteringResult.candidatesOf(model));
  }

  /** Bounded: (tiers + 1)^2 rows at most. Empty on a first snapshot (no segment_migration rows). */
  private static List<Move> tierMoves(SparkSession spark, String migrationPath, LocalDate snapshot) {
    if (!SnapshotTables.exists(spark, migrationPath)) {
      return List.of();
    }
    return SnapshotTables.readSnapshot(spark, migrationPath, snapshot)
        .where(col(SegmentMigration.DIMENSION).equalTo(SegmentColumns.VALUE_TIER))
        .groupBy(SegmentMigration.FROM_VALUE, SegmentMigration.TO_VALUE)
        .agg(sum(OutputTables.CUSTOMERS), sum(OutputTables.REVENUE).cast(TransactionColumns.MONEY))
        .collectAsList().stream()
        .map(r -> new Move(r.getString(0), r.getString(1), r.getLong(2),
            r.isNullAt(3) ? BigDecimal.ZERO : r.getDecimal(3)))
        .toList();
  }

  private static List<Cell> regionTiers(Dataset<Row> summary) {
    return summary
        .groupBy(RegionColumns.REGION_CODE, RegionColumns.REGION_NAME, SegmentColumns.VALUE_TIER,
            SegmentColumns.VALUE_TIER_NAME)
        .agg(sum(OutputTables.CUSTOMERS), sum(OutputTables.REVENUE).cast(TransactionColumns.MONEY))
        .collectAsList().stream()
        .map(r -> new Cell(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
            r.isNullAt(5) ? BigDecimal.ZERO : r.getDecimal(5)))
        .toList();
  }

  private static List<RfCell> rfCells(Dataset<Row> segments) {
    return segments.where(col(RfmColumns.R_SCORE).isNotNull().and(col(RfmColumns.F_SCORE).isNotNull()))
        .groupBy(RfmColumns.R_SCORE, RfmColumns.F_SCORE)
        .agg(count(lit(1)), avg(RfmColumns.MONETARY).cast(TransactionColumns.MONEY))
        .collectAsList().stream()
        .map(r -> new RfCell(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue(), r.getLong(2),
            r.getDecimal(3)))
        .toList();
  }

  private static List<Cluster> clusters(Dataset<Row> segments) {
    String[] features = {RfmColumns.RECENCY_DAYS, RfmColumns.FREQUENCY, RfmColumns.MONETARY};
    Row all = segments.where(col(RfmColumns.IS_BUYER))
        .agg(avg(features[0]), stddev_pop(features[0]), avg(features[1]), stddev_pop(features[1]),
            avg(col(features[2]).cast("double")), stddev_pop(col(features[2]).cast("double")))
        .first();
    return segments
        .groupBy(SegmentColumns.CLUSTER_ID, ClusterColumns.CLUSTER_CODE, ClusterColumns.CLUSTER_NAME)
        .agg(count(lit(1)), sum(RfmColumns.MONETARY).cast(TransactionColumns.MONEY),
            avg(features[0]), avg(features[1]), avg(RfmColumns.MONETARY).cast(TransactionColumns.MONEY),
            avg(col(features[2]).cast("double")))
        .collectAsList().stream()
        .map(r -> {
          Double recency = r.isNullAt(5) ? null : r.getDouble(5);
          Double frequency = r.isNullAt(6) ? null : r.getDouble(6);
          Double monetary = r.isNullAt(8) ? null : r.getDouble(8);
          double[] z = {standardise(recency, all, 0), standardise(frequency, all, 2), standardise(monetary, all, 4)};
          return new Cluster(r.getInt(0), r.getString(1), r.getString(2), r.getLong(3),
              r.isNullAt(4) ? BigDecimal.ZERO : r.getDecimal(4), recency, frequency, r.getDecimal(7), z);
        })
        .toList();
  }

  /** (value - mean) / sd with the mean and sd at {@code i} and {@code i + 1} of {@code all}; 0 when undefined. */
  private static double standardise(Double value, Row all, int i) {
    if (value == null || all.isNullAt(i) || all.isNullAt(i + 1) || all.getDouble(i + 1) == 0) {
      return 0;
    }
    return (value - all.getDouble(i)) / all.getDouble(i + 1);
  }
}
