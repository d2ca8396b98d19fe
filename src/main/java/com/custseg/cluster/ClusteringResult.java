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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * One cluster as analysts see it; averages are over the cluster's customers, in business units. The centre is
   * given in the model's standardised units and in feature units (keyed by feature expression).
   */
  public record ClusterProfile(int clusterId, String code, String name, long customers, double share,
      BigDecimal revenue, Double revenueShare, Double avgRecencyDays, Double avgFrequency, BigDecimal avgMonetary,
      Map<String, Double> centroidScaled, Map<String, Double> centroidOriginal, Double silhouette,
      Double centroidDrift) {}

  /** run_metrics.model key of the chosen (or fixed) k. */
  public static final String K = "k";
  static final String SILHOUETTE = "silhouette";
  static final String COST = "cost";
  static final String DAVIES_BOULDIN = "davies_bouldin";
  private static final Pattern CANDIDATE_KEY = Pattern.compile("kmeans_k(\\d+)_(" + SILHOUETTE + "|" + COST + "|"
      + DAVIES_BOULDIN + ")");

  public ClusteringResult {
    candidates = List.copyOf(candidates);
    profiles = List.copyOf(profiles);
  }

  public int k() {
    return model.k();
  }

  /**
   * Model quality for run_metrics: k, silhouette, cost, davies_bouldin, sample_size, buyers, then every candidate k
   * tried on the sample as {@code kmeans_k<k>_silhouette}, {@code _cost} and {@code _davies_bouldin} (none for a
   * fixed k or a saved model), and — only when a previous snapshot exists — compared_customers, changed_customers
   * and drift (absent rather than 0).
   */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(K, (double) k());
    m.put(SILHOUETTE, silhouette);
    m.put(COST, cost);
    m.put(DAVIES_BOULDIN, daviesBouldin);
    m.put("sample_size", (double) sampleSize);
    m.put("buyers", (double) buyers);
    for (Candidate c : candidates) {
      m.put(candidateMetric(c.k(), SILHOUETTE), c.silhouette());
      m.put(candidateMetric(c.k(), COST), c.cost());
      m.put(candidateMetric(c.k(), DAVIES_BOULDIN), c.daviesBouldin());
    }
    comparedCustomers.ifPresent(n -> m.put("compared_customers", (double) n));
    changedCustomers.ifPresent(n -> m.put("changed_customers", (double) n));
    drift.ifPresent(d -> m.put("drift", d));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** run_metrics.model key of one measure of a candidate k, e.g. {@code kmeans_k4_silhouette}. */
  public static String candidateMetric(int k, String measure) {
    return "kmeans_k" + k + "_" + measure;
  }

  /**
   * The candidate k recorded in a run_metrics.model map, by ascending k; empty when k was not chosen in that run.
   * A candidate missing one of its three measures is left out.
   */
  public static List<Candidate> candidatesOf(Map<String, Double> model) {
    Map<Integer, Map<String, Double>> byK = new TreeMap<>();
    model.forEach((key, value) -> {
      Matcher m = CANDIDATE_KEY.matcher(key);
      if (m.matches()) {
        byK.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new LinkedHashMap<>()).put(m.group(2), value);
      }
    });
    return byK.entrySet().stream().filter(e -> e.getValue().size() == 3)
        .map(e -> new Candidate(e.getKey(), e.getValue().get(SILHOUETTE), e.getValue().get(COST),
            e.getValue().get(DAVIES_BOULDIN)))
        .toList();
  }
}
