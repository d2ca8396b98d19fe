package com.custseg.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.ValueConfig.TimeUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueMetricsTest {
  @Test
  void everyFittedFigureIsNamedForRunMetrics() {
    BgNbdFit bg = new BgNbdFit(new BgNbdParams(0.25, 30.0, 0.8, 2.5), new double[] {0.01, 1.5, 0.04, Double.NaN},
        -1234.5, true, 240, 5000, 1800, true, TimeUnit.DAY);
    GammaGammaFit gg = new GammaGammaFit(new GammaGammaParams(6, 4, 15), new double[] {0.3, 0.1, 0.9}, -987.25,
        false, 2000, 1900, 1700, 3, 2, 0.05);

    Map<String, Double> m = ValueMetrics.of(bg, gg);

    assertThat(List.copyOf(m.keySet())).containsExactly(
        "bgnbd_r", "bgnbd_r_se", "bgnbd_alpha", "bgnbd_alpha_se", "bgnbd_a", "bgnbd_a_se", "bgnbd_b", "bgnbd_b_se",
        "bgnbd_time_unit_days", "bgnbd_log_likelihood", "bgnbd_converged", "bgnbd_evaluations", "bgnbd_customers",
        "bgnbd_distinct_rows", "bgnbd_on_executors",
        "gg_p", "gg_p_se", "gg_q", "gg_q_se", "gg_gamma", "gg_gamma_se", "gg_population_mean_spend",
        "gg_log_likelihood", "gg_converged", "gg_evaluations", "gg_customers", "gg_distinct_rows",
        "gg_excluded_zero_spend", "gg_excluded_negative_spend", "gg_corr_frequency_spend");
    assertThat(m.get("bgnbd_alpha")).isEqualTo(30.0);
    assertThat(m.get("bgnbd_b_se")).isNaN();
    assertThat(m.get("bgnbd_time_unit_days")).isEqualTo(1.0);
    assertThat(m.get("bgnbd_converged")).isEqualTo(1.0);
    assertThat(m.get("bgnbd_on_executors")).isEqualTo(1.0);
    assertThat(m.get("bgnbd_customers")).isEqualTo(5000.0);
    assertThat(m.get("gg_converged")).isEqualTo(0.0);
    // p γ / (q − 1) = 6 · 15 / 3
    assertThat(m.get("gg_population_mean_spend")).isEqualTo(30.0);
    assertThat(m.get("gg_excluded_zero_spend")).isEqualTo(3.0);
    assertThat(m.get("gg_excluded_negative_spend")).isEqualTo(2.0);
    assertThat(m.get("gg_corr_frequency_spend")).isEqualTo(0.05);
  }
}
