package com.custseg.report;

import com.custseg.cluster.ClusterColumns;
import com.custseg.cluster.ClusteringResult;
import com.custseg.io.RunMetrics;
import com.custseg.quality.InputCounts;
import com.custseg.report.RunResult.SegmentCount;
import com.custseg.segment.SegmentColumns;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The summary printed at the end of a run: inputs, customers per region x tier, cluster sizes, where it went. */
public final class SummaryPrinter {

  public static void print(RunResult result, PrintStream out) {
    RunMetrics metrics = result.metrics();
    boolean ingested = !metrics.step().equals("segment");
    boolean segmented = !metrics.step().equals("ingest");
    out.println();
    out.println("=== Customer segmentation, snapshot " + result.snapshotDate() + " (step " + metrics.step() + ") ===");
    if (ingested) {
      printCounts(out, "customers", result.customers(), "");
      Long cents = metrics.inputCounts().get(InputCounts.TRANSACTIONS_DUPLICATE_AMOUNT_CENTS);
      printCounts(out, "transactions", result.transactions(), cents == null ? ""
          : String.format(Locale.ROOT, " (amount %,.2f)", java.math.BigDecimal.valueOf(cents, 2)));
    }
    if (!result.unknownProvinces().isEmpty()) {
      out.print("Unmapped provinces (region_code=unknown):");
      result.unknownProvinces().forEach(u -> out.print(" '" + u.rawValue() + "' x" + u.customers()));
      out.println();
    }
    out.println();
    printDataQuality(out, metrics, result.outputPath());
    if (segmented) {
      out.println();
      printRegionByTier(out, result.segmentCounts());
      printDimensions(out, result.segmentCounts());
      out.println();
      printClusters(out, result.segmentCounts(), result.clusters());
    }
    out.println();
    out.print("Stage times:");
    result.stageMillis().forEach((stage, ms) -> out.printf(" %s %.1fs;", stage, ms / 1000.0));
    out.println();
    if (segmented) {
      out.println("Segmented " + result.segmentedCustomers() + " customers into " + result.outputPath()
          + " (customer_segments, segment_summary, cluster_profiles, segment_crosstab)");
      out.println("Report: " + result.reportPath());
    }
    if (ingested) {
      out.println("Cleaned inputs in " + result.outputPath() + " (customers_clean, transactions_clean, rejects)");
    }
  }

  /** The run's row of run_metrics: what was read, kept, removed and rejected, and why. */
  private static void printDataQuality(PrintStream out, RunMetrics m, String outputPath) {
    out.printf("Data quality (run %s, %s, config %s, job %s) -> %s/run_metrics%n", m.runId(), m.status(),
        m.configHash().substring(0, Math.min(12, m.configHash().length())), m.jobVersion(), outputPath);
    m.inputCounts().forEach((k, v) -> out.printf("  %-36s %,12d%n", k, v));
    m.rejects().forEach((k, v) -> out.printf("  rejected %-27s %,12d%n", k, v));
    m.unknownProvinces().forEach((k, v) -> out.printf("  unknown province %-19s %,12d%n", "'" + k + "'", v));
  }

  private static void printCounts(PrintStream out, String source, InputCounts c, String duplicateAmount) {
    out.printf("Input %-12s read %,d  kept %,d  duplicates removed %,d%s  rejected %,d%s%n", source, c.read(),
        c.kept(), c.duplicates(), duplicateAmount, c.rejected(),
        c.rejectedByReason().isEmpty() ? "" : " " + c.rejectedByReason());
  }

  private static void printRegionByTier(PrintStream out, List<SegmentCount> counts) {
    Map<String, String> tierNames = new TreeMap<>();
    Map<String, String> regionNames = new TreeMap<>();
    Map<String, Map<String, Long>> cells = new TreeMap<>();
    for (SegmentCount c : counts) {
      tierNames.put(c.tier(), c.tierName());
      regionNames.put(c.regionCode(), c.regionName());
      cells.computeIfAbsent(c.regionCode(), k -> new TreeMap<>()).merge(c.tier(), c.customers(), Long::sum);
    }
    List<String> tiers = new ArrayList<>(tierNames.keySet());
    out.println("Customers per region x value tier");
    // Aligned by terminal columns (a Chinese character takes two), the label column as wide as its longest label.
    Map<String, String> labels = new TreeMap<>();
    cells.keySet().forEach(code -> labels.put(code, code + " " + regionNames.get(code)));
    int labelWidth = Math.max(displayWidth("region"), labels.values().stream().mapToInt(SummaryPrinter::displayWidth)
        .max().orElse(0)) + 2;
    int cellWidth = Math.max(10, tiers.stream().mapToInt(SummaryPrinter::displayWidth).max().orElse(0) + 2);
    StringBuilder header = new StringBuilder(padRight("region", labelWidth));
    tiers.forEach(t -> header.append(padLeft(t, cellWidth)));
    header.append(padLeft("total", cellWidth));
    out.println(header);
    Map<String, Long> columnTotals = new TreeMap<>();
    for (Map.Entry<String, Map<String, Long>> row : cells.entrySet()) {
      StringBuilder line = new StringBuilder(padRight(labels.get(row.getKey()), labelWidth));
      long total = 0;
      for (String t : tiers) {
        long n = row.getValue().getOrDefault(t, 0L);
        total += n;
        columnTotals.merge(t, n, Long::sum);
        line.append(padLeft(Long.toString(n), cellWidth));
      }
      out.println(line.append(padLeft(Long.toString(total), cellWidth)));
    }
    StringBuilder totals = new StringBuilder(padRight("total", labelWidth));
    long all = 0;
    for (String t : tiers) {
      long n = columnTotals.getOrDefault(t, 0L);
      all += n;
      totals.append(padLeft(Long.toString(n), cellWidth));
    }
    out.println(totals.append(padLeft(Long.toString(all), cellWidth)));
    StringBuilder legend = new StringBuilder("Tiers:");
    tierNames.forEach((code, name) -> legend.append(' ').append(code).append('=').append(name));
    out.println(legend);
  }

  /** One line each for motive, attitude and loyalty: customers and share per value, most customers first. */
  private static void printDimensions(PrintStream out, List<SegmentCount> counts) {
    printDimension(out, "motive", counts, c -> c.dimensions().motive() == null ? null
        : c.dimensions().motive() + " " + c.dimensions().motiveName());
    printDimension(out, "attitude", counts, c -> c.dimensions().attitude());
    printDimension(out, "loyalty", counts, c -> c.dimensions().loyalty());
  }

  private static void printDimension(PrintStream out, String name, List<SegmentCount> counts,
      java.util.function.Function<SegmentCount, String> value) {
    Map<String, Long> customers = new TreeMap<>();
    long all = 0;
    for (SegmentCount c : counts) {
      String v = value.apply(c);
      if (v != null) {
        customers.merge(v, c.customers(), Long::sum);
        all += c.customers();
      }
    }
    if (customers.isEmpty()) {
      return;
    }
    long total = all;
    StringBuilder line = new StringBuilder("Customers per " + name + ":");
    customers.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> line.append(String.format(Locale.ROOT, "  %s %,d (%.1f%%)", e.getKey(), e.getValue(),
            100.0 * e.getValue() / total)));
    out.println(line);
  }

  private static void printClusters(PrintStream out, List<SegmentCount> counts, ClusteringResult clusters) {
    if (clusters == null) {
      out.printf("Clusters: none this snapshot: too few buyers for k-means (see the log); every customer is in "
          + "cluster %d%n", SegmentColumns.NO_CLUSTER);
      return;
    }
    Map<Integer, long[]> sizes = new TreeMap<>();
    Map<Integer, BigDecimal> revenue = new TreeMap<>();
    long all = 0;
    for (SegmentCount c : counts) {
      sizes.computeIfAbsent(c.clusterId(), k -> new long[1])[0] += c.customers();
      revenue.merge(c.clusterId(), c.revenue(), BigDecimal::add);
      all += c.customers();
    }
    Map<Integer, String> names = new TreeMap<>();
    names.put(SegmentColumns.NO_CLUSTER, ClusterColumns.NO_CLUSTER_NAME + " " + ClusterColumns.NO_CLUSTER_CODE);
    clusters.model().labels().forEach(l -> names.put(l.clusterId(), l.name() + " " + l.code()));
    out.printf("Clusters: k=%d %s, silhouette %.3f, Davies-Bouldin %.3f (-1 = no purchases)%n", clusters.k(),
        !clusters.fitted() ? "from the model saved for " + clusters.modelSnapshot()
            : clusters.candidates().isEmpty() ? "(fixed)"
            : "chosen by silhouette on " + clusters.sampleSize() + " sampled buyers",
        clusters.silhouette(), clusters.daviesBouldin());
    clusters.candidates().forEach(c -> out.printf("  k=%-2d silhouette %.3f  cost %,.1f  Davies-Bouldin %.3f%s%n",
        c.k(), c.silhouette(), c.cost(), c.daviesBouldin(), c.k() == clusters.k() ? "  <- chosen" : ""));
    for (Map.Entry<Integer, long[]> e : sizes.entrySet()) {
      long n = e.getValue()[0];
      out.printf("  cluster %2d  %,9d customers (%5.1f%%)  revenue %,16.2f  %s%n", e.getKey(), n,
          all == 0 ? 0 : 100.0 * n / all, revenue.get(e.getKey()), names.getOrDefault(e.getKey(), ""));
    }
    clusters.changedCustomers().ifPresent(changed -> out.printf(
        "  since %s: %,d of %,d customers changed cluster; mean centre drift %s%n",
        clusters.previousSnapshot().orElseThrow(), changed, clusters.comparedCustomers().orElse(0),
        clusters.drift().isPresent() ? String.format("%.3f", clusters.drift().getAsDouble()) : "n/a"));
  }

  private static int displayWidth(String text) {
    return TextTable.displayWidth(text == null ? "null" : text);
  }

  private static String padRight(String text, int width) {
    return text + " ".repeat(Math.max(0, width - displayWidth(text)));
  }

  private static String padLeft(String text, int width) {
    return " ".repeat(Math.max(0, width - displayWidth(text))) + text;
  }

  private SummaryPrinter() {}
}
