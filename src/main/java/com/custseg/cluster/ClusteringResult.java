package com.custseg.cluster;

import com.custseg.cluster.KMeansSegmenter.Candidate;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the clustering step of one run decided, on the driver: the model, how k was chosen, its quality over all
 * buyers, one profile per cluster and, when a previous snapshot exists, how stable the clusters were.
 *
 * @param modelSnapshot the snapshot whose model assigned the clusters (this run's snapshot when fitted now)
 * @param fitted true when the model was fitted in this run, false when a saved model scored the customers
 * @param candidates the k tried on the sample (empty for a fixed k or a saved model)
 * @param sampleSize buyers in the k-selection sample (0 when k was not chosen in this run)
 * @param previousSnapshot the latest earlier snapshot with a saved model, if any
 * @param changedCustomers customers clustered in both snapshots whose cluster_id changed
 * @param drift mean distance the matched centres moved since the previous model (in its standardised units)
 */
public record ClusteringResult(SegmentModel model, LocalDate modelSnapshot, boolean fitted,
    List<Candidate> candidates, long sampleSize, long buyers, double silhouette, double cost, double daviesBouldin,
    List<ClusterProfile> profiles, Optional<LocalDate> previousSnapshot, OptionalLong comparedCustomers,
    OptionalLong changedCustomers, OptionalDouble drift) {

  /** One cluster as analysts see it; averages are over the cluster's customers, in business units. */
  public record ClusterProfile(int clusterId, String code, String name, long customers, double share,
      BigDecimal revenue, Double revenueShare, Double avgRecencyDays, Double avgFrequency, BigDecimal avgMonetary,
      Map<String, Double> centroidScaled, Double silhouette, Double centroidDrift) {}

  public ClusteringResult {
    candidates = List.copyOf(candidates);
    profiles = List.copyOf(profiles);
  }

  public int k() {
    return model.k();
  }

  /**
   * Model quality for run_metrics: k, silhouette, cost, davies_bouldin, sample_size, buyers, and — only when a
   * previous snapshot exists — compared_customers, changed_customers and drift (absent rather than 0).
   */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("k", (double) k());
    m.put("silhouette", silhouette);
    m.put("cost", cost);
    m.put("davies_bouldin", daviesBouldin);
    m.put("sample_size", (double) sampleSize);
    m.put("buyers", (double) buyers);
    comparedCustomers.ifPresent(n -> m.put("compared_customers", (double) n));
    changedCustomers.ifPresent(n -> m.put("changed_customers", (double) n));
    drift.ifPresent(d -> m.put("drift", d));
    return java.util.Collections.unmodifiableMap(m);
  }
}
