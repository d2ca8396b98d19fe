package com.custseg.io;

import com.custseg.io.OutputTable.Audience;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of the tables the job writes under the output root: each one declared once, with its partitioning,
 * audience and comment. Also the columns every table shares (the snapshot and region partitions, the measures of the
 * summary tables). The other columns of each table are declared by the package that computes it.
 */
public final class OutputTables {
  public static final String SNAPSHOT_DATE = "snapshot_date";
  /** Region of a customer (north, east, ...): the second partition column of customer_segments. */
  public static final String REGION_CODE = "region_code";
  /** Owning team of a customer's action (segmentation.teams): the second partition column of action_list. */
  public static final String TEAM = "team";

  /** Measures of segment_summary, cluster_profiles, segment_crosstab and segment_migration. */
  public static final String CUSTOMERS = "customers";
  public static final String REVENUE = "revenue";
  public static final String AVG_RECENCY_DAYS = "avg_recency_days";
  public static final String AVG_FREQUENCY = "avg_frequency";
  public static final String AVG_MONETARY = "avg_monetary";

  private static final List<String> BY_SNAPSHOT = List.of(SNAPSHOT_DATE);

  public static final OutputTable REJECTS = new OutputTable("rejects", BY_SNAPSHOT, Audience.ANALYSTS,
      "Input rows the quality checks rejected, with the reason; personal data in the record is protected as"
          + " segmentation.privacy says.");
  public static final OutputTable CUSTOMERS_CLEAN = new OutputTable("customers_clean", BY_SNAPSHOT, Audience.JOB,
      "Silver layer: the cleaned customers of each snapshot, input of the segment step. Not for analysts.");
  /** Also partitioned by the month of the order date, {@code yyyy-MM}. */
  public static final OutputTable TRANSACTIONS_CLEAN = new OutputTable("transactions_clean",
      List.of(SNAPSHOT_DATE, SilverTables.ORDER_MONTH), Audience.JOB,
      "Silver layer: the cleaned, deduplicated transaction lines of each snapshot, input of the segment step.");
  /** Written only when segmentation.input.interactions is configured. */
  public static final OutputTable INTERACTIONS_CLEAN = new OutputTable("interactions_clean", BY_SNAPSHOT,
      Audience.JOB, "Silver layer: the cleaned, deduplicated interactions of each snapshot, input of the segment step.");
  /** Written only when segmentation.input.feedback is configured. No free text. */
  public static final OutputTable FEEDBACK_CLEAN = new OutputTable("feedback_clean", BY_SNAPSHOT, Audience.JOB,
      "Silver layer: the cleaned, deduplicated ratings of each snapshot (no free text), input of the segment step.");
  public static final OutputTable CUSTOMER_SEGMENTS = new OutputTable("customer_segments",
      List.of(SNAPSHOT_DATE, REGION_CODE), Audience.ANALYSTS,
      "One row per customer and snapshot: region, RFM features and scores, RFM segment, lifecycle stage, value tier,"
          + " k-means cluster and predicted value. No personal data.");
  public static final OutputTable SEGMENT_SUMMARY = new OutputTable("segment_summary", BY_SNAPSHOT,
      Audience.ANALYSTS, "Customers, revenue and mean R/F/M per snapshot, region, value tier and cluster.");
  public static final OutputTable SEGMENT_MIGRATION = new OutputTable("segment_migration", BY_SNAPSHOT,
      Audience.ANALYSTS, "Customers and revenue moving between values of value_tier and cluster_id from the previous"
          + " snapshot to this one, per region; (new) and (gone) customers included.");
  /** Predicted vs actual repeat purchases of the holdout check (runs with a calibration end date only). */
  public static final OutputTable VALUE_HOLDOUT = new OutputTable("value_holdout", BY_SNAPSHOT, Audience.ANALYSTS,
      "Holdout check of the BG/NBD purchase model: predicted vs actual repeat purchases between the calibration end"
          + " and the snapshot, per calibration frequency.");
  public static final OutputTable SEGMENT_AFFINITY = new OutputTable("segment_affinity", BY_SNAPSHOT,
      Audience.ANALYSTS, "Per dimension value (tier, RFM segment, stage, cluster, region, ...) and category: the share of"
          + " the segment's buyers who bought it, its share of their spend and the lift against all buyers.");
  public static final OutputTable RECOMMENDATIONS = new OutputTable("recommendations",
      List.of(SNAPSHOT_DATE, REGION_CODE), Audience.ANALYSTS, "Per buyer the top-N categories not bought in the"
          + " lookback window, with rank, score and source (als, or segment_lift for buyers ALS cannot score).");
  public static final OutputTable RECOMMENDATION_HOLDOUT = new OutputTable("recommendation_holdout", BY_SNAPSHOT,
      Audience.ANALYSTS, "With --calibration-end: precision, recall and MAP at N of ALS, global popularity and"
          + " segment popularity on the categories customers first bought after the calibration end, per value tier.");
  public static final OutputTable CLUSTER_PROFILES = new OutputTable("cluster_profiles", BY_SNAPSHOT,
      Audience.ANALYSTS, "One row per snapshot and k-means cluster: size, revenue, mean R/F/M, centre, silhouette"
          + " and drift since the previous model.");
  public static final OutputTable SEGMENT_CROSSTAB = new OutputTable("segment_crosstab", BY_SNAPSHOT,
      Audience.ANALYSTS, "Customers and revenue of each value of value_tier / rfm_segment per k-means cluster, per"
          + " snapshot.");
  /** The mergeable RFM state of incremental runs (segmentation.rfm.incremental). */
  public static final OutputTable CUSTOMER_AGGREGATES = new OutputTable("customer_aggregates", BY_SNAPSHOT,
      Audience.JOB, "Per-customer mergeable RFM state of each snapshot, the input of the next incremental run"
          + " (segmentation.rfm.incremental). Not for analysts.");
  /** The playbook's actions per team and customer (segmentation.playbook, segmentation.teams). */
  public static final OutputTable ACTION_LIST = new OutputTable("action_list", List.of(SNAPSHOT_DATE, TEAM),
      Audience.ANALYSTS, "One row per customer the playbook gives an action, per snapshot: owning team, rank within"
          + " the team, action, channel, due date, offer and the reason in words. No contact details.");
  /** The files of each snapshot's worklist export (export/<snapshot>/<team>/), replaced with the export. */
  public static final OutputTable EXPORT_LOG = new OutputTable("export_log", BY_SNAPSHOT, Audience.ANALYSTS,
      "One row per file of a snapshot's worklist export: run, team, file, rows, whether contact details are in it"
          + " and the file's SHA-256.");
  /**
   * The saved k-means model of each snapshot: a row per cluster (index, id, code, name), the feature expressions and
   * the folder of the fitted pipeline. Written by the run like the other tables, so a failed or interrupted run's
   * model is undone with them.
   */
  public static final OutputTable KMEANS_LABELS = new OutputTable("models/kmeans_labels", BY_SNAPSHOT,
      Audience.MODEL, "The k-means model of each snapshot: clusters, features and the fitted pipeline's folder.");
  /** One row appended per run, failed runs included; never trimmed. */
  public static final OutputTable RUN_METRICS = new OutputTable("run_metrics", List.of(), Audience.ANALYSTS,
      "One row per run of the job (failed runs too): counts, rejects, stage timings, model figures.");

  /** Every table, in the order a run writes them (the order of catalog registration). */
  public static final List<OutputTable> ALL = List.of(REJECTS, CUSTOMERS_CLEAN, TRANSACTIONS_CLEAN,
      INTERACTIONS_CLEAN, FEEDBACK_CLEAN, CUSTOMER_SEGMENTS, SEGMENT_SUMMARY, SEGMENT_MIGRATION, VALUE_HOLDOUT,
      CLUSTER_PROFILES, SEGMENT_CROSSTAB, CUSTOMER_AGGREGATES, ACTION_LIST, EXPORT_LOG, SEGMENT_AFFINITY,
      RECOMMENDATIONS, RECOMMENDATION_HOLDOUT, KMEANS_LABELS, RUN_METRICS);

  /** The tables a run replaces one snapshot of: what recovery undoes and retention trims. */
  public static List<OutputTable> snapshotTables() {
    return ALL.stream().filter(OutputTable::isSnapshotTable).toList();
  }

  /** The table of that name, if the job writes one. */
  public static Optional<OutputTable> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private OutputTables() {}
}
