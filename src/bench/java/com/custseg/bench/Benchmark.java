package com.custseg.bench;

import com.custseg.config.ConfigLoader;
import com.custseg.config.JobArgs;
import com.custseg.config.JobConfig;
import com.custseg.job.SegmentationPipeline;
import com.custseg.job.SparkSessions;
import com.custseg.region.RegionMapping;
import com.custseg.report.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One benchmark run, in a fresh JVM per input size (scripts/bench.sh loops over the sizes): the whole job with Spark
 * {@code local[*]} on a generated Parquet input, then the same RFM table in DuckDB on the same files, a check that
 * the two agree, and one result line appended to a TSV file.
 *
 * <p>Times: {@code total} runs from JVM start (Spark start-up included) to the end of the job; the stage groups sum
 * the job's own stage timings by prefix (ingest, quality, rfm, segment, value, write, report). The RFM stage compared
 * with DuckDB is {@code rfm:*}: the per-customer aggregation (computed lazily when the scores first need it) plus the
 * quantile cut points and scores.
 *
 * <pre>
 * Benchmark --data DIR --transactions N --output DIR --results FILE [--contacts on|off]
 * </pre>
 *
 * <p>{@code --contacts off} runs without the interactions, the feedback and the transactions' motive fields: the
 * baseline of their cost.
 */
public final class Benchmark {
  static final String[] GROUPS = {"ingest", "quality", "rfm", "segment", "value", "write", "report"};
  static final List<String> RULE_BASED_PREFIXES = List.of("ingest:", "quality:", "rfm:", "write: rejects",
      "write: customers_clean", "write: transactions_clean", "write: customer_segments");

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = flags(args);
    Path data = Path.of(required(flags, "--data"));
    long transactions = Long.parseLong(required(flags, "--transactions"));
    String output = required(flags, "--output");
    Path results = Path.of(required(flags, "--results"));
    int threads = Runtime.getRuntime().availableProcessors();
    boolean contacts = !flags.getOrDefault("--contacts", "on").equals("off");

    JobConfig config = ConfigLoader.load(JobArgs.parse(sources(data, output, contacts).toArray(String[]::new)));
    SparkSession spark = SparkSessions.builder("custseg-bench", config.master())
        .config("spark.sql.session.timeZone", config.timeZone())
        .getOrCreate();
    RunResult run;
    long totalMillis;
    long peakHeap;
    long peakRss;
    ClusterAgreement.Result clusters;
    try {
      run = SegmentationPipeline.run(spark, config);
      totalMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      peakHeap = peakHeapBytes();
      peakRss = peakRssBytes();
      clusters = ClusterAgreement.run(spark, output, run.snapshotDate(), config.kmeans());
    } finally {
      spark.stop();
    }
    Map<String, Long> groups = groupStages(run.stageMillis());

    DuckDbRfm.Result duck = DuckDbRfm.run(data.resolve("transactions"), run.snapshotDate(),
        Path.of(output).resolve("customer_segments"), threads);

    DuckDbRuleBased.Result rules = DuckDbRuleBased.run(data, run.snapshotDate(), config,
        RegionMapping.load(config.regionMappingFile()), Path.of(output).resolve("customer_segments"),
        Path.of(output).resolve("duckdb-rule-based"), threads);
    double jobRulesSeconds = ruleBasedMillis(run.stageMillis()) / 1000.0;

    double rfmSeconds = groups.get("rfm") / 1000.0;
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "%d\t%d\t%d\t%.1f", transactions, run.transactions().read(),
        run.segmentedCustomers(), totalMillis / 1000.0));
    for (String g : GROUPS) {
      line.append(String.format(Locale.ROOT, "\t%.1f", groups.get(g) / 1000.0));
    }
    line.append(String.format(Locale.ROOT, "\t%.0f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%d\t%.4f\t%.4f\t%.4f\t%s",
        run.transactions().read() / (totalMillis / 1000.0),
        peakHeap / 1e9, peakRss / 1e9,
        duck.seconds(), duck.buyers(), duck.customersCompared(), duck.rfmMismatches(),
        duck.rScoreAgreement(), duck.fScoreAgreement(), duck.mScoreAgreement(),
        String.format(Locale.ROOT, "%.2f", rfmSeconds / duck.seconds())));
    line.append(String.format(Locale.ROOT, "\t%d\t%.4f\t%.4f\t%.4f\t%.1f", clusters.k(), clusters.agreement(),
        clusters.jobSilhouette(), clusters.fullSilhouette(), clusters.fullFitSeconds()));
    line.append(String.format(Locale.ROOT, "\t%.1f\t%.2f\t%.2f\t%.4f", jobRulesSeconds, rules.seconds(),
        jobRulesSeconds / rules.seconds(), rules.tierAgreement()));
    line.append(String.format(Locale.ROOT, "\t%s\t%d\t%d\t%.1f\n", contacts ? "on" : "off",
        run.metrics().inputCounts().getOrDefault("interactions_read", 0L),
        run.metrics().inputCounts().getOrDefault("feedback_read", 0L), contactMillis(run.stageMillis()) / 1000.0));
    if (!Files.exists(results)) {
      Files.writeString(results, header(), StandardCharsets.UTF_8);
    }
    Files.writeString(results, line.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    System.out.printf(Locale.ROOT, "bench %,d transactions: total %.1f s, rfm %.1f s, DuckDB rfm %.2f s (ratio %.2f), "
            + "peak heap %.2f GB, RFM mismatches %d of %d customers%n", transactions, totalMillis / 1000.0, rfmSeconds,
        duck.seconds(), rfmSeconds / duck.seconds(), peakHeap / 1e9, duck.rfmMismatches(), duck.customersCompared());
    System.out.printf(Locale.ROOT, "bench %,d transactions: k-means k=%d, %.2f%% of %,d buyers in the cluster of the "
            + "full fit, silhouette %.4f (full fit %.4f, which alone takes %.1f s)%n", transactions, clusters.k(),
        100 * clusters.agreement(), clusters.buyers(), clusters.jobSilhouette(), clusters.fullSilhouette(),
        clusters.fullFitSeconds());
    System.out.printf(Locale.ROOT, "bench %,d transactions: rule-based part (ingest, clean, RFM, scores, tiers, "
            + "customer_segments write) %.1f s, DuckDB %.2f s (ratio %.2f); tiers agree for %.2f%% of %,d customers%n",
        transactions, jobRulesSeconds, rules.seconds(), jobRulesSeconds / rules.seconds(),
        100 * rules.tierAgreement(), rules.customersCompared());
    if (duck.rfmMismatches() > 0 || duck.customersCompared() != duck.buyers()) {
      System.err.println("RFM tables disagree: see " + results);
      System.exit(3);
    }
  }

  /**
   * The job's arguments for the generated data in {@code data}: with {@code contacts}, its interactions and feedback
   * and the transactions' units, list prices and brands (#19's sources); without, the job as it was before them
   * (transactions' amount and category only), the baseline their cost is measured against.
   */
  static List<String> sources(Path data, String output, boolean contacts) {
    List<String> args = new java.util.ArrayList<>(List.of(
        "--config", "conf/application.conf",
        "--master", "local[*]",
        "--output", output,
        "--set", "segmentation.input.customers.format=parquet",
        "--set", "segmentation.input.customers.path=" + data.resolve("customers"),
        "--set", "segmentation.input.transactions.format=parquet",
        "--set", "segmentation.input.transactions.path=" + data.resolve("transactions")));
    if (contacts) {
      args.addAll(List.of(
          "--set", "segmentation.input.interactions.format=parquet",
          "--set", "segmentation.input.interactions.path=" + data.resolve("interactions"),
          "--set", "segmentation.input.feedback.format=parquet",
          "--set", "segmentation.input.feedback.path=" + data.resolve("feedback")));
    } else {
      args.addAll(List.of(
          "--set", "segmentation.input.interactions.path=",
          "--set", "segmentation.input.feedback.path=",
          "--set", "segmentation.input.transactions.columns.quantity=",
          "--set", "segmentation.input.transactions.columns.list_price=",
          "--set", "segmentation.input.transactions.columns.brand="));
    }
    return args;
  }

  static String header() {
    StringBuilder h = new StringBuilder("transactions\tlines_read\tcustomers\ttotal_s");
    for (String g : GROUPS) {
      h.append('\t').append(g).append("_s");
    }
    return h.append("\trows_per_s\tpeak_heap_gb\tpeak_rss_gb\tduckdb_rfm_s\tbuyers\tcompared\trfm_mismatches"
        + "\tr_score_agree\tf_score_agree\tm_score_agree\trfm_vs_duckdb"
        + "\tk\tcluster_agree\tsilhouette\tfull_fit_silhouette\tfull_fit_s"
        + "\tjob_rules_s\tduckdb_rules_s\trules_vs_duckdb\ttier_agree"
        + "\tcontacts\tinteractions\tfeedback\tcontact_stages_s\n").toString();
  }

  /** The stages that exist only for the contact sources: their counts and silver writes. */
  static long contactMillis(Map<String, Long> stageMillis) {
    return stageMillis.entrySet().stream()
        .filter(e -> e.getKey().contains("interactions") || e.getKey().contains("feedback"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /**
   * The job's time for what {@link DuckDbRuleBased} does: reading and cleaning (ingest, quality and the silver
   * writes), RFM and scores, and the customer_segments write (which also assigns the clusters and value scores
   * fitted in stages of their own, not counted here).
   */
  static long ruleBasedMillis(Map<String, Long> stageMillis) {
    return stageMillis.entrySet().stream()
        .filter(e -> RULE_BASED_PREFIXES.stream().anyMatch(e.getKey()::startsWith))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Sums stage timings by the group before the first colon ("rfm: quantile scores" is in group rfm). */
  static Map<String, Long> groupStages(Map<String, Long> stageMillis) {
    Map<String, Long> groups = new LinkedHashMap<>();
    for (String g : GROUPS) {
      groups.put(g, 0L);
    }
    stageMillis.forEach((stage, millis) -> {
      int colon = stage.indexOf(':');
      String group = colon < 0 ? stage : stage.substring(0, colon).trim();
      groups.merge(group, millis, Long::sum);
    });
    return groups;
  }

  /** The sum of the peak usage of the heap pools: an upper bound of the heap the run needed at once. */
  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** The process's peak resident set (VmHWM), heap, off-heap and native alike; 0 where /proc is absent. */
  static long peakRssBytes() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return 0;
    }
    try {
      for (String l : Files.readAllLines(status)) {
        if (l.startsWith("VmHWM:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      flags.put(args[i], args[i + 1]);
    }
    return flags;
  }

  private static String required(Map<String, String> flags, String name) {
    String v = flags.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing " + name
          + "; usage: Benchmark --data DIR --transactions N --output DIR --results FILE");
    }
    return v;
  }

  private Benchmark() {}
}
