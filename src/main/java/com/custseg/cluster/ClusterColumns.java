package com.custseg.cluster;

import com.custseg.io.OutputTables;
import com.custseg.segment.SegmentColumns;
import java.util.List;

/**
 * Columns and tables of the {@code cluster} package: the working columns the k-means pipeline adds (prefixed
 * {@code km_}, dropped before anything is written) and the columns of the cluster_profiles and segment_crosstab
 * tables.
 */
public final class ClusterColumns {
  /** Stable readable code of a cluster, e.g. high_value_active. */
  public static final String CLUSTER_CODE = "cluster_code";
  /** Display name of a cluster, e.g. 高价值活跃. */
  public static final String CLUSTER_NAME = "cluster_name";
  /**
   * cluster_code of customers without purchases (cluster_id -1): they are not clustered and have no row in
   * cluster_profiles, but every table that carries cluster names names them, with the no_purchase tier's words.
   */
  public static final String NO_CLUSTER_CODE = "no_purchase";
  /** cluster_name of customers without purchases. */
  public static final String NO_CLUSTER_NAME = "未购买";
  /** cluster_code of buyers in a snapshot without clusters (too few buyers for k-means; cluster_id -1). */
  public static final String NOT_CLUSTERED_CODE = "not_clustered";
  /** cluster_name of buyers in a snapshot without clusters. */
  public static final String NOT_CLUSTERED_NAME = "未聚类";

  static final String FEATURE_PREFIX = "km_f";
  static final String ASSEMBLED = "km_features";
  static final String SCALED = "km_scaled";
  /** The k-means model's own cluster index 0..k-1, mapped to the stable cluster_id through the model's labels. */
  static final String MODEL_INDEX = "km_index";

  public static final String CUSTOMERS = OutputTables.CUSTOMERS;
  public static final String REVENUE = OutputTables.REVENUE;
  /** Share of the clustered buyers in the cluster. */
  public static final String SHARE = "share";
  /** Share of the buyers' net revenue in the cluster; null when that revenue is not positive. */
  public static final String REVENUE_SHARE = "revenue_share";
  public static final String AVG_RECENCY_DAYS = OutputTables.AVG_RECENCY_DAYS;
  public static final String AVG_FREQUENCY = OutputTables.AVG_FREQUENCY;
  public static final String AVG_MONETARY = OutputTables.AVG_MONETARY;
  /** Cluster centre in the model's standardised units, keyed by feature expression. */
  public static final String CENTROID_SCALED = "centroid_scaled";
  /**
   * Cluster centre in feature units, keyed by feature expression: the standardisation undone (centre x standard
   * deviation + mean of the fitted scaler), so in the units of the clipped feature, e.g. log1p(spend) for the default
   * spend feature. Not the mean of the customers (avg_*): a centre in log space is a geometric-mean-like spend.
   */
  public static final String CENTROID_ORIGINAL = "centroid_original";
  /** Mean silhouette (squared Euclidean, as Spark's ClusteringEvaluator) of the cluster's customers. */
  public static final String SILHOUETTE = "silhouette";
  /** Distance the centre moved since the previous snapshot's model (its standardised units); null if new. */
  public static final String CENTROID_DRIFT = "centroid_drift";
  /** Snapshot whose saved model assigned the clusters (this snapshot when the model was fitted in this run). */
  public static final String MODEL_SNAPSHOT_DATE = "model_snapshot_date";

  public static final List<String> PROFILE_COLUMNS = List.of(OutputTables.SNAPSHOT_DATE,
      SegmentColumns.CLUSTER_ID, CLUSTER_CODE, CLUSTER_NAME, CUSTOMERS, SHARE, REVENUE, REVENUE_SHARE,
      AVG_RECENCY_DAYS, AVG_FREQUENCY, AVG_MONETARY, CENTROID_SCALED, CENTROID_ORIGINAL, SILHOUETTE, CENTROID_DRIFT,
      MODEL_SNAPSHOT_DATE);

  /** Name of the crossed column, e.g. value_tier. */
  public static final String DIMENSION = "dimension";
  /** Value of the crossed column, e.g. vip. */
  public static final String DIMENSION_VALUE = "dimension_value";
  /** Share of the dimension value's customers that fall in the cluster. */
  public static final String SHARE_OF_DIMENSION_VALUE = "share_of_dimension_value";

  private ClusterColumns() {}
}
