package com.custseg.report;

import com.custseg.cluster.ClusterColumns;
import com.custseg.features.ContactColumns;
import com.custseg.features.MotiveColumns;
import com.custseg.features.RfmColumns;
import com.custseg.history.SegmentMigration;
import com.custseg.io.CustomerColumns;
import com.custseg.io.OutputTable;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetricsTable;
import com.custseg.quality.RejectColumns;
import com.custseg.region.RegionColumns;
import com.custseg.segment.SegmentColumns;
import com.custseg.value.HoldoutCheck;
import com.custseg.value.ValueColumns;
import com.custseg.worklist.ActionList;
import com.custseg.worklist.ExportLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comments the catalog shows analysts on the columns of the analyst-facing tables (the same column means the
 * same thing in every table); the table comments are declared with the tables ({@link OutputTables}). Definitions follow README "Definitions".
 */
public final class TableComments {
  /** expected_purchases_&lt;N&gt;d, one per configured horizon. */
  private static final Pattern EXPECTED_PURCHASES = Pattern.compile(
      ValueColumns.expectedPurchases(0).replace("0", "(\\d+)"));
  private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

  static {
    describe(OutputTables.SNAPSHOT_DATE, "Snapshot date: transactions dated strictly before it count");
    describe(RegionColumns.REGION_CODE, "Region code: north, northeast, east, central, south, southwest, northwest,"
        + " unknown");
    describe(RegionColumns.REGION_NAME, "Region name (华北 ...)");
    describe(RegionColumns.PROVINCE, "Province, normalised from the source's spelling");
    describe(RegionColumns.PROVINCE_CODE, "Province code");
    describe(RegionColumns.ECONOMIC_ZONE, "Economic zone of the province");
    describe(CustomerColumns.CITY, "City as in the source");
    describe(CustomerColumns.CUSTOMER_ID, "Customer id as in the source");
    describe(CustomerColumns.SIGNUP_DATE, "Sign-up date");
    describe(CustomerColumns.INDUSTRY, "Industry as in the source");
    describe(CustomerColumns.COMPANY_SIZE, "Company size as in the source");
    describe(CustomerColumns.CHANNEL, "Acquisition channel as in the source");
    describe(RfmColumns.IS_BUYER, "True when the customer bought before the snapshot");
    describe(RfmColumns.FIRST_PURCHASE_DATE, "Date of the first purchase line");
    describe(RfmColumns.LAST_PURCHASE_DATE, "Date of the last purchase line");
    describe(RfmColumns.RECENCY_DAYS, "Days from the last purchase to the snapshot (the day before = 1); null for"
        + " non-buyers");
    describe(RfmColumns.FREQUENCY, "Distinct purchase orders (returns are not orders)");
    describe(RfmColumns.MONETARY, "Net spend: purchases minus returns, base currency");
    describe(RfmColumns.AVG_ORDER_VALUE, "monetary / frequency, rounded half-up to the cent; null without orders");
    describe(RfmColumns.TENURE_DAYS, "Days from the first purchase to the snapshot");
    describe(RfmColumns.ACTIVE_DAYS, "Distinct days with a purchase line");
    describe(RfmColumns.CATEGORY_BREADTH, "Distinct categories of purchase lines; null without purchases or category");
    describe(RfmColumns.SPEND_90D, "Net spend of the lines dated 1..90 days before the snapshot");
    describe(RfmColumns.ORDERS_90D, "Distinct purchase orders dated 1..90 days before the snapshot");
    describe(RfmColumns.SPEND_PREV_90D, "Net spend of the lines dated 91..180 days before the snapshot");
    describe(RfmColumns.SPEND_CHANGE_90D, "spend_90d - spend_prev_90d");
    describe(RfmColumns.SPEND_TREND_90D, "spend_90d / spend_prev_90d, 4 places; null when spend_prev_90d <= 0");
    describe(RfmColumns.SPEND_365D, "Net spend of the lines dated 1..365 days before the snapshot");
    describe(RfmColumns.ORDERS_365D, "Distinct purchase orders dated 1..365 days before the snapshot");
    describe(ContactColumns.INTERACTIONS_90D, "Interactions dated 1..90 days before the snapshot; null without the"
        + " interactions source");
    describe(ContactColumns.INTERACTIONS_365D, "Interactions dated 1..365 days before the snapshot");
    describe(ContactColumns.ONLINE_INTERACTIONS_365D, "Interactions of the last 365 days in an online channel");
    describe(ContactColumns.OFFLINE_INTERACTIONS_365D, "Interactions of the last 365 days in an offline channel");
    describe(ContactColumns.INQUIRIES_90D, "Interactions of type inquiry in the last 90 days");
    describe(ContactColumns.COMPLAINTS_365D, "Interactions of type complaint plus feedback flagged as a complaint,"
        + " last 365 days; null without both sources");
    describe(ContactColumns.DAYS_SINCE_LAST_INTERACTION, "Days from the last interaction to the snapshot");
    describe(ContactColumns.PREFERRED_CHANNEL, "Channel with the most interactions in the last 365 days (ties: the"
        + " most recent, then the name)");
    describe(ContactColumns.ONLINE_SHARE, "online_interactions_365d / interactions_365d; null without interactions");
    describe(ContactColumns.FEEDBACK_COUNT_365D, "Ratings dated 1..365 days before the snapshot; null without the"
        + " feedback source");
    describe(ContactColumns.AVG_SCORE_365D, "Mean score of the ratings of the last 365 days");
    describe(ContactColumns.LATEST_SCORE, "Score of the latest rating before the snapshot");
    describe(ContactColumns.NPS_CLASS, "promoter (9-10), passive (7-8), detractor (0-6) of the latest score; nps"
        + " scale only");
    describe(ContactColumns.ATTITUDE, "positive, neutral, negative from avg_score_365d and the configured"
        + " thresholds; unknown without ratings in the last 365 days");
    describe(MotiveColumns.DISCOUNT_SHARE, "Share of the purchase spend with a known discount bought at a discount"
        + " (discount > 0), all lines before the snapshot; null without a discount or list_price mapping");
    describe(MotiveColumns.PRICE_LEVEL, "Average unit price as a mid-percentile among the category's buyers (0.5 ="
        + " typical), spend-weighted over the customer's categories");
    describe(MotiveColumns.BRAND_CONCENTRATION, "Herfindahl index of purchase spend over brands (1 = one brand);"
        + " null without brands");
    describe(MotiveColumns.CATEGORY_CONCENTRATION, "Herfindahl index of purchase spend over categories");
    describe(RfmColumns.FREQUENCY_REPEAT, "Purchase days - 1 (lifetimes frequency, daily periods)");
    describe(RfmColumns.RECENCY_REPEAT, "Days from the first to the last purchase day (lifetimes recency)");
    describe(RfmColumns.T_DAYS, "Days from the first purchase day to the snapshot - 1 (lifetimes T)");
    describe(RfmColumns.MONETARY_REPEAT, "Mean net spend of the purchase days after the first; 0 without any");
    describe(RfmColumns.R_SCORE, "Recency score 1..bins, high = recent; null for non-buyers");
    describe(RfmColumns.F_SCORE, "Frequency score 1..bins, high = frequent; null for non-buyers");
    describe(RfmColumns.M_SCORE, "Monetary score 1..bins, high = big spender; null for non-buyers");
    describe(RfmColumns.RFM_SCORE, "The three scores as one string, e.g. 545");
    describe(SegmentColumns.RFM_SEGMENT, "RFM segment code (champions, at_risk, ...)");
    describe(SegmentColumns.RFM_SEGMENT_NAME, "RFM segment name (重要价值客户 ...)");
    describe(SegmentColumns.RFM_SEGMENT_RULE, "Segment rule that matched, e.g. 3: r=5 f=1 m=1-5");
    describe(SegmentColumns.LIFECYCLE_STAGE, "Lifecycle stage code (prospect, new, active, at_risk, lapsed, lost)");
    describe(SegmentColumns.LIFECYCLE_STAGE_NAME, "Lifecycle stage name");
    describe(SegmentColumns.LIFECYCLE_STAGE_RULE, "Lifecycle rule that matched: n: condition, or default");
    describe(SegmentColumns.LOYALTY, "Loyalty level code (high, medium, low with the published rules)");
    describe(SegmentColumns.LOYALTY_NAME, "Loyalty level name (高, 中, 低)");
    describe(SegmentColumns.LOYALTY_RULE, "Loyalty rule that matched: n: condition, or default");
    describe(SegmentColumns.MOTIVE, "Buying motive code (price_sensitive, quality_seeking, brand_loyal, mixed,"
        + " unknown with the published rules)");
    describe(SegmentColumns.MOTIVE_NAME, "Buying motive name (价格敏感型, 品质追求型, 品牌忠诚型, 混合型, 未知)");
    describe(SegmentColumns.MOTIVE_RULE, "Motive rule that matched: n: condition, or default");
    describe(SegmentColumns.VALUE_TIER, "Value tier code (vip, key_maintain, potential, churn_risk, ...)");
    describe(SegmentColumns.VALUE_TIER_NAME, "Value tier name (高价值 ...)");
    describe(SegmentColumns.VALUE_TIER_RULE, "Tier rule that matched: n: condition, or default");
    describe(SegmentColumns.CLUSTER_ID, "k-means cluster, stable across snapshots; -1 for non-buyers");
    describe(ValueColumns.P_ALIVE, "Probability the customer is still active (BG/NBD)");
    describe(ValueColumns.EXPECTED_AVG_ORDER_VALUE, "Expected spend per purchase from now on (Gamma-Gamma)");
    describe(ValueColumns.CLV, "Discounted expected spend over segmentation.value.clv.months");
    describe(ValueColumns.CHURN_RISK_BAND, "high, medium or low by p_alive thresholds");
    describe(OutputTables.CUSTOMERS, "Number of customers");
    describe(OutputTables.REVENUE, "Sum of monetary (net spend) of the customers");
    describe(OutputTables.AVG_RECENCY_DAYS, "Mean recency_days of the customers who bought");
    describe(OutputTables.AVG_FREQUENCY, "Mean frequency of the customers");
    describe(OutputTables.AVG_MONETARY, "Mean monetary of the customers");
    describe(SegmentMigration.PREVIOUS_SNAPSHOT_DATE, "The latest snapshot before this one");
    describe(SegmentMigration.DIMENSION, "The classification compared or crossed (value_tier, cluster_id, ...)");
    describe(SegmentMigration.FROM_VALUE, "Value in the previous snapshot; (new) for customers absent from it");
    describe(SegmentMigration.TO_VALUE, "Value in this snapshot; (gone) for customers absent from it");
    describe(ClusterColumns.CLUSTER_CODE, "Readable cluster code, e.g. high_value_active");
    describe(ClusterColumns.CLUSTER_NAME, "Cluster name, e.g. 高价值活跃");
    describe(ClusterColumns.SHARE, "Share of the clustered buyers in the cluster");
    describe(ClusterColumns.REVENUE_SHARE, "Share of the buyers' net revenue in the cluster");
    describe(ClusterColumns.CENTROID_SCALED, "Cluster centre in standardised units, feature expression -> value");
    describe(ClusterColumns.SILHOUETTE, "Mean silhouette of the cluster's customers, -1..1");
    describe(ClusterColumns.CENTROID_DRIFT, "Distance the centre moved since the previous model; null if new");
    describe(ClusterColumns.MODEL_SNAPSHOT_DATE, "Snapshot whose saved model assigned the clusters");
    describe(ClusterColumns.DIMENSION_VALUE, "Value of the crossed column");
    describe(ClusterColumns.SHARE_OF_DIMENSION_VALUE, "Share of the dimension value's customers in this cluster");
    describe(ValueColumns.FREQUENCY_BUCKET, "Calibration repeat purchases (0, 1, ..., N+) or total");
    describe(ValueColumns.ACTUAL_REPEAT_PURCHASES, "Repeat purchase days actually seen in the holdout period");
    describe(ValueColumns.PREDICTED_REPEAT_PURCHASES, "Repeat purchase days BG/NBD predicted for the holdout period");
    describe(HoldoutCheck.CALIBRATION_END, "End of the calibration period (exclusive)");
    describe(RejectColumns.SOURCE, "Input the row came from: customers or transactions");
    describe(RejectColumns.REASON, "Why the row was rejected (MISSING_CUSTOMER_ID, BAD_DATE, ...)");
    describe(RejectColumns.RECORD, "The rejected row as JSON, personal data protected");
    describe(ActionList.TEAM, "Code of the team owning the customer (segmentation.teams)");
    describe(ActionList.TEAM_NAME, "Name of the team owning the customer");
    describe(ActionList.PRIORITY_RANK, "Rank within the team, 1 = first: priority high first, then customer id");
    describe(ActionList.ACTION, "Action code of the playbook rule that matched (segmentation.playbook)");
    describe(ActionList.ACTION_NAME, "Action name, e.g. 唤醒优惠");
    describe(ActionList.CHANNEL, "How the team makes contact, from the playbook rule");
    describe(ActionList.PRIORITY, "Value of the rule's priority expression, 2 places; higher = earlier");
    describe(ActionList.DUE_DATE, "Snapshot date + the rule's cadence in days");
    describe(ActionList.OFFER, "The recommended offer, the rule's template filled in for the customer");
    describe(ActionList.PREVIOUS_VALUE_TIER, "Value tier in the previous snapshot; null if new or none before");
    describe(ActionList.REASON, "The rule that matched, the tier (and its move since the previous snapshot), key"
        + " figures");
    describe(ExportLog.EXPORTED_AT, "When the files were written");
    describe(ExportLog.FILE, "The file, under <output>/export/");
    describe(ExportLog.FORMAT, "csv or xlsx");
    describe(ExportLog.ENCODING, "Character set of the file (UTF-8 BOM, GBK)");
    describe(ExportLog.ROWS, "Customers in the file");
    describe(ExportLog.CONTACTS_INCLUDED, "Whether the file holds contact details (name, phone, email)");
    describe(ExportLog.SHA256, "SHA-256 of the file's bytes, hex");
    describe(RunMetricsTable.RUN_ID, "Id of the run");
    describe(RunMetricsTable.STEP, "Part of the job the run did: ingest, segment or all");
    describe(RunMetricsTable.STARTED_AT, "Start of the run");
    describe(RunMetricsTable.FINISHED_AT, "End of the run");
    describe(RunMetricsTable.JOB_VERSION, "Version of the job");
    describe(RunMetricsTable.CONFIG_HASH, "SHA-256 of the settings without as-of and step");
    describe(RunMetricsTable.STATUS, "succeeded or failed");
    describe(RunMetricsTable.INPUT_COUNTS, "Rows read, kept, rejected, ... per input");
    describe(RunMetricsTable.REJECTS, "Rejected rows per source.REASON");
    describe(RunMetricsTable.UNKNOWN_PROVINCES, "Customers per unmapped raw province (top 20)");
    describe(RunMetricsTable.STAGE_SECONDS, "Seconds per stage of the run");
    describe(RunMetricsTable.MODEL, "Model figures: k, silhouette, fitted parameters");
    describe(RunMetricsTable.ERROR, "Of a failed run: the stage it was in and the error; null otherwise");
  }

  private static void describe(String name, String comment) {
    if (COLUMNS.containsKey(name) && !COLUMNS.get(name).equals(comment)) {
      throw new IllegalStateException("column " + name + " has two comments");
    }
    COLUMNS.put(name, comment);
  }

  /** The comment of an output table, if it is one of the job's. */
  public static Optional<String> table(String name) {
    return OutputTables.named(name).map(OutputTable::comment);
  }

  /** The comment of a column of an analyst-facing table, if the column is one the job writes. */
  public static Optional<String> column(String table, String column) {
    if (!OutputTables.named(table).map(OutputTable::isForAnalysts).orElse(false)) {
      return Optional.empty();
    }
    Matcher horizon = EXPECTED_PURCHASES.matcher(column);
    return horizon.matches()
        ? Optional.of("Expected purchase days in the next " + horizon.group(1) + " days (BG/NBD)")
        : Optional.ofNullable(COLUMNS.get(column));
  }

  private TableComments() {}
}
