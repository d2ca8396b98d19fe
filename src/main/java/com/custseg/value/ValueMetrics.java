package com.custseg.value;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fitted models as named figures for the run_metrics table: parameters, their standard errors, the maximised
 * log-likelihood, convergence (1 or 0), evaluations and the sizes the fits saw.
 */
public final class ValueMetrics {

  public static Map<String, Double> of(BgNbdFit purchases, GammaGammaFit spend) {
    Map<String, Double> m = new LinkedHashMap<>();
    String[] bgNames = {"r", "alpha", "a", "b"};
    double[] bg = purchases.params().toArray();
    double[] bgSe = purchases.standardErrors();
    for (int i = 0; i < bgNames.length; i++) {
      m.put("bgnbd_" + bgNames[i], bg[i]);
      m.put("bgnbd_" + bgNames[i] + "_se", bgSe[i]);
    }
    m.put("bgnbd_time_unit_days", (double) purchases.unit().days());
    m.put("bgnbd_log_likelihood", purchases.logLikelihood());
    m.put("bgnbd_converged", purchases.converged() ? 1.0 : 0.0);
    m.put("bgnbd_evaluations", (double) purchases.evaluations());
    m.put("bgnbd_customers", (double) purchases.customers());
    m.put("bgnbd_distinct_rows", (double) purchases.distinctRows());
    m.put("bgnbd_on_executors", purchases.onExecutors() ? 1.0 : 0.0);
    String[] ggNames = {"p", "q", "gamma"};
    double[] gg = spend.params().toArray();
    double[] ggSe = spend.standardErrors();
    for (int i = 0; i < ggNames.length; i++) {
      m.put("gg_" + ggNames[i], gg[i]);
      m.put("gg_" + ggNames[i] + "_se", ggSe[i]);
    }
    m.put("gg_population_mean_spend", spend.params().populationMeanSpend());
    m.put("gg_log_likelihood", spend.logLikelihood());
    m.put("gg_converged", spend.converged() ? 1.0 : 0.0);
    m.put("gg_evaluations", (double) spend.evaluations());
    m.put("gg_customers", (double) spend.customers());
    m.put("gg_distinct_rows", (double) spend.distinctRows());
    m.put("gg_excluded_zero_spend", (double) spend.excludedZeroSpend());
    m.put("gg_excluded_negative_spend", (double) spend.excludedNegativeSpend());
    m.put("gg_corr_frequency_spend", spend.frequencySpendCorrelation());
    return m;
  }

  private ValueMetrics() {}
}
