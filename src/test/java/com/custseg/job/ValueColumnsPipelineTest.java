package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.JobConfig;
import com.custseg.report.RunResult;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The value columns and the holdout check through the whole job: one run with a calibration end date over 120
 * regular customers whose purchase days are drawn (seeded) from the BG/NBD story, so that both fits have something
 * to find, one customer whose returns net the repeat spend below zero and one who never bought.
 */
class ValueColumnsPipelineTest {
  private static final LocalDate SNAPSHOT = LocalDate.parse("2025-01-01");
  private static final LocalDate CALIBRATION_END = LocalDate.parse("2024-10-01");
  private static final LocalDate FIRST = LocalDate.parse("2024-01-01");
  private static final int REGULARS = 120;
  private static final List<String> VALUE_COLUMNS = List.of("p_alive", "expected_purchases_30d",
      "expected_purchases_90d", "expected_purchases_365d", "expected_avg_order_value", "clv", "churn_risk_band");
  /** Purchase days and the amount spent on each, per regular customer R001..R120. */
  private static final List<Map<LocalDate, Integer>> REGULAR_PURCHASES = regulars();

  @TempDir
  static Path dir;
  private static Path output;
  private static RunResult result;

  /**
   * Each regular customer buys first on a day of the first half of 2024, then at a rate λ ~ Gamma(2, 8) per week
   * (one purchase a month on average) and after each repeat purchase drops out with probability p ~ Beta(1, 3),
   * until the day before the snapshot; spend per purchase is the customer's typical amount (50..349) ± 20.
   */
  private static List<Map<LocalDate, Integer>> regulars() {
    RandomGenerator rng = new Well19937c(20240101L);
    GammaDistribution rate = new GammaDistribution(rng, 2.0, 1 / 8.0);
    BetaDistribution dropout = new BetaDistribution(rng, 1.0, 3.0);
    List<Map<LocalDate, Integer>> customers = new ArrayList<>();
    for (int i = 0; i < REGULARS; i++) {
      double lambda = rate.sample();
      double p = dropout.sample();
      int typical = 50 + rng.nextInt(300);
      LocalDate start = FIRST.plusDays(rng.nextInt(182));
      long horizon = java.time.temporal.ChronoUnit.DAYS.between(start, SNAPSHOT) - 1;
      Map<LocalDate, Integer> purchases = new TreeMap<>();
      purchases.put(start, typical);
      double weeks = 0;
      while (true) {
        weeks += -Math.log(1 - rng.nextDouble()) / lambda;
        if (weeks * 7 > horizon) {
          break;
        }
        purchases.putIfAbsent(start.plusDays((long) (weeks * 7)), typical - 20 + rng.nextInt(41));
        if (rng.nextDouble() < p) {
          break;
        }
      }
      customers.add(purchases);
    }
    return customers;
  }

  @BeforeAll
  static void runTheJobWithACalibrationEndDate() throws IOException {
    List<String> customers = new ArrayList<>(List.of(
        "customer_id,name,phone,province,city,signup_date,industry,company_size,channel",
        "N1,无购,13800000000,广东省,广州,2023-01-01,零售,小微,线上",
        "X1,退货,13800000001,上海,上海,2023-01-01,制造,中型,门店"));
    List<String> transactions = new ArrayList<>(List.of("order_id,customer_id,order_time,amount,category",
        // X1: 100.00 on its first day; on its second day 50.00 bought and 80.00 returned: repeat spend -30.00.
        "X1a,X1,2024-03-01 10:00:00,100.00,服装",
        "X1b,X1,2024-04-01 10:00:00,50.00,服装",
        "X1r,X1,2024-04-01 15:00:00,-80.00,服装"));
    for (int i = 0; i < REGULARS; i++) {
      String id = String.format("R%03d", i + 1);
      customers.add(id + ",客户,13900000000,广东省,深圳,2023-01-01,零售,小微,线上");
      int j = 0;
      for (Map.Entry<LocalDate, Integer> purchase : REGULAR_PURCHASES.get(i).entrySet()) {
        // Order ids must not start with R: returns are order_id LIKE 'R%' by default.
        transactions.add(String.format("O%s_%d,%s,%s 10:00:00,%d.00,服装", id, j++, id, purchase.getKey(),
            purchase.getValue()));
      }
    }
    Path customersCsv = dir.resolve("customers.csv");
    Path transactionsCsv = dir.resolve("transactions.csv");
    Files.write(customersCsv, customers, StandardCharsets.UTF_8);
    Files.write(transactionsCsv, transactions, StandardCharsets.UTF_8);
    output = dir.resolve("out");
    JobConfig config = TestConfigs.load(
        "--set", "segmentation.input.customers.path=" + customersCsv,
        "--set", "segmentation.input.transactions.path=" + transactionsCsv,
        "--set", "segmentation.kmeans.k-min=2",
        "--set", "segmentation.kmeans.k-max=3",
        "--as-of", SNAPSHOT.toString(),
        "--calibration-end", CALIBRATION_END.toString(),
        "--output", output.toString());
    result = SegmentationPipeline.run(TestSpark.session(), config);
  }

  private static Dataset<Row> table(String name) {
    return TestSpark.session().read().format("delta").load(output.resolve(name).toString());
  }

  @Test
  void everyBuyerHasPAliveExpectedPurchasesAndClvAndTheNonBuyerHasNone() {
    Dataset<Row> segments = table("customer_segments");
    String anyNull = String.join(" OR ", VALUE_COLUMNS.stream().map(c -> c + " IS NULL").toList());
    String allNull = String.join(" AND ", VALUE_COLUMNS.stream().map(c -> c + " IS NULL").toList());

    assertThat(segments.columns()).contains(VALUE_COLUMNS.toArray(String[]::new));
    long oneTime = REGULAR_PURCHASES.stream().filter(days -> days.size() == 1).count();

    assertThat(segments.where("is_buyer").count()).isEqualTo(REGULARS + 1);
    assertThat(segments.where("is_buyer AND (" + anyNull + ")").count()).isZero();
    assertThat(segments.where("customer_id = 'N1' AND NOT is_buyer AND " + allNull).count()).isEqualTo(1);
    // One-time buyers have not shown any sign of leaving: p_alive 1.
    assertThat(oneTime).isPositive();
    assertThat(segments.where("frequency_repeat = 0 AND p_alive = 1.0").count()).isEqualTo(oneTime);
    assertThat(segments.where("is_buyer AND (p_alive <= 0 OR p_alive > 1 OR clv < 0 "
        + "OR expected_purchases_30d > expected_purchases_90d "
        + "OR expected_purchases_90d > expected_purchases_365d)").count()).isZero();
  }

  @Test
  void runMetricsHoldTheFittedModelsAndTheCustomerLeftOutForNegativeSpend() {
    Map<String, Double> model = result.metrics().model();
    long repeatBuyers = REGULAR_PURCHASES.stream().filter(days -> days.size() > 1).count();

    assertThat(model).containsKeys("bgnbd_r", "bgnbd_alpha", "bgnbd_a", "bgnbd_b", "bgnbd_r_se",
        "bgnbd_log_likelihood", "gg_p", "gg_q", "gg_gamma", "gg_population_mean_spend", "gg_log_likelihood",
        "gg_corr_frequency_spend");
    assertThat(model).containsEntry("bgnbd_converged", 1.0).containsEntry("gg_converged", 1.0)
        // every buyer in BG/NBD; the regular repeat buyers in Gamma-Gamma, X1 left out and counted
        .containsEntry("bgnbd_customers", REGULARS + 1.0).containsEntry("gg_customers", (double) repeatBuyers)
        .containsEntry("gg_excluded_negative_spend", 1.0).containsEntry("gg_excluded_zero_spend", 0.0);
    Row written = table("run_metrics").selectExpr("model['gg_excluded_negative_spend']", "model['bgnbd_r']")
        .first();
    assertThat(written.getDouble(0)).isEqualTo(1.0);
    assertThat(written.getDouble(1)).isEqualTo(model.get("bgnbd_r"));
  }

  @Test
  void theHoldoutTableCountsTheActualRepeatPurchasesPerCalibrationBucket() throws IOException {
    // By hand from the purchase days: per customer with a purchase before the calibration end, its repeat purchase
    // days before that date (the bucket) and its purchase days from that date up to the snapshot.
    Map<String, long[]> expected = new TreeMap<>();
    for (Map<LocalDate, Integer> days : REGULAR_PURCHASES) {
      long before = days.keySet().stream().filter(d -> d.isBefore(CALIBRATION_END)).count();
      long after = days.size() - before;
      if (before == 0) {
        continue; // first bought in the holdout period: not part of the check
      }
      long[] bucket = expected.computeIfAbsent(before - 1 >= 7 ? "7+" : String.valueOf(before - 1),
          b -> new long[2]);
      bucket[0]++;
      bucket[1] += after;
    }
    expected.computeIfAbsent("1", b -> new long[2])[0]++; // X1: one repeat day in calibration, none after
    long customers = expected.values().stream().mapToLong(v -> v[0]).sum();
    long actual = expected.values().stream().mapToLong(v -> v[1]).sum();
    expected.put("total", new long[] {customers, actual});

    Map<String, long[]> written = new TreeMap<>();
    for (Row r : table("value_holdout").where("snapshot_date = DATE'2025-01-01'")
        .select("frequency_bucket", "customers", "actual_repeat_purchases", "calibration_end").collectAsList()) {
      written.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
      assertThat(r.getDate(3).toLocalDate()).isEqualTo(CALIBRATION_END);
    }

    assertThat(customers).isEqualTo(REGULARS + 1);
    assertThat(actual).isPositive();
    assertThat(written.keySet()).isEqualTo(expected.keySet());
    expected.forEach((bucket, figures) -> assertThat(written.get(bucket)).as("bucket " + bucket)
        .containsExactly(figures));
    // The HTML report shows the same figures.
    String html = Files.readString(Path.of(result.reportPath()), StandardCharsets.UTF_8);
    assertThat(html).contains("<tr data-bucket=\"total\" class=\"total\"><th>total</th><td>" + customers + "</td><td>" + actual
        + "</td>");
    expected.forEach((bucket, figures) -> assertThat(html).contains("<tr data-bucket=\"" + bucket + "\""));
  }

  @Test
  void theReportTablesEveryCandidateKOfRunMetrics() throws IOException {
    Map<String, Double> model = result.metrics().model();
    String html = Files.readString(Path.of(result.reportPath()), StandardCharsets.UTF_8);

    assertThat(model).containsKeys("kmeans_k2_silhouette", "kmeans_k2_cost", "kmeans_k2_davies_bouldin",
        "kmeans_k3_silhouette", "kmeans_k3_cost", "kmeans_k3_davies_bouldin");
    for (int k = 2; k <= 3; k++) {
      String row = String.format(java.util.Locale.ROOT, "<th>%d</th><td>%.3f</td><td>%,.1f</td><td>%.3f</td>", k,
          model.get("kmeans_k" + k + "_silhouette"), model.get("kmeans_k" + k + "_cost"),
          model.get("kmeans_k" + k + "_davies_bouldin"));
      assertThat(html).contains(row);
    }
    assertThat(html).contains("<tr data-k=\"" + model.get("k").intValue() + "\" class=\"total\">");
  }
}
