package com.custseg.report;

import com.custseg.cluster.KMeansSegmenter.Candidate;
import com.custseg.config.JobConfig;
import com.custseg.features.ContactColumns;
import com.custseg.config.OutputConfig;
import com.custseg.config.TierRule;
import com.custseg.io.OutputTables;
import com.custseg.quality.InputCounts;
import com.custseg.report.ReportData.Cell;
import com.custseg.report.ReportData.Cluster;
import com.custseg.report.ReportData.RfCell;
import com.custseg.value.ValueColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static report of one snapshot, {@code <output>/report/<snapshot>/index.html}: one self-contained page
 * (inline CSS and SVG, no script, nothing fetched) with segment sizes and revenue by region and tier, an R x F score
 * heat map, cluster sizes and a snake plot of the cluster centres, how k was chosen, the holdout check of the
 * purchase model (runs with a calibration end date), and the data-quality figures of the run.
 */
public final class HtmlReport {
  private static final Logger LOG = LoggerFactory.getLogger(HtmlReport.class);
  public static final String FOLDER = "report";
  public static final String FILE = "index.html";

  /** Computes the aggregates from the written tables, writes the page and returns its path. */
  public static String write(SparkSession spark, JobConfig config, LocalDate snapshot, InputCounts customers,
      InputCounts transactions) {
    Map<String, InputCounts> inputs = new LinkedHashMap<>();
    inputs.put("customers", customers);
    inputs.put("transactions", transactions);
    OutputConfig output = config.output();
    ReportData data = ReportData.collect(spark, OutputTables.CUSTOMER_SEGMENTS.pathIn(output),
        OutputTables.SEGMENT_SUMMARY.pathIn(output), OutputTables.SEGMENT_MIGRATION.pathIn(output),
        OutputTables.RUN_METRICS.pathIn(output), OutputTables.VALUE_HOLDOUT.pathIn(output), snapshot,
        config.tiers().stream().map(TierRule::code).toList(), config.rfm().bins(), inputs);
    String path = path(config.output().table(FOLDER), snapshot);
    Path file = new Path(path);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs instanceof ChecksumFileSystem local) {
        fs = local.getRawFileSystem(); // no .index.html.crc next to the page on local disks
      }
      try (OutputStream out = fs.create(file, true)) {
        out.write(render(data, config.transactions().currency().base(), RecommendationHoldout.collect(spark,
            OutputTables.RECOMMENDATION_HOLDOUT.pathIn(output), snapshot)).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + path, e);
    }
    LOG.info("report written to {}", path);
    return path;
  }

  static String path(String reportRoot, LocalDate snapshot) {
    return reportRoot + "/" + snapshot + "/" + FILE;
  }

  /** {@link #render(ReportData, String)} with amounts in CNY. */
  static String render(ReportData data) {
    return render(data, "CNY");
  }

  /**
   * The page for already collected aggregates (no Spark here); amounts are in {@code currency} (the base currency of
   * the transactions, segmentation.input.transactions.currency.base), said once at the top and on the revenue tile.
   */
  static String render(ReportData data, String currency) {
    return render(data, currency, RecommendationHoldout.NONE);
  }

  /** As {@link #render(ReportData, String)}, with the recommendation holdout when the run measured one. */
  static String render(ReportData data, String currency, RecommendationHoldout recommendations) {
    List<String> tiers = tierOrder(data);
    Map<String, String> tierNames = new LinkedHashMap<>();
    tiers.forEach(t -> tierNames.put(t, t));
    Map<String, String> regionNames = new TreeMap<>();
    long customers = 0;
    BigDecimal revenue = BigDecimal.ZERO;
    for (Cell c : data.regionTiers()) {
      tierNames.put(c.tier(), c.tierName());
      regionNames.put(c.regionCode(), c.regionName());
      customers += c.customers();
      revenue = revenue.add(c.revenue());
    }
    long buyers = data.rfCells().stream().mapToLong(RfCell::customers).sum();

    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Customer segmentation · snapshot ").append(esc(data.snapshotDate())).append("</title>\n")
        .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n")
        .append("<h1>Customer segmentation <span class=\"muted\">snapshot ").append(esc(data.snapshotDate()))
        .append("</span></h1>\n")
        .append("<p class=\"muted\" id=\"currency\">Amounts are net of returns, in ").append(esc(currency))
        .append(".</p>\n");
    h.append("<div class=\"tiles\">")
        .append(tile("customers", "Customers segmented", count(customers)))
        .append(tile("buyers", "Buyers (scored)", count(buyers)))
        .append(tile("revenue", "Net revenue (" + currency + ")", money(revenue)))
        .append(tile("clusters", "K-means clusters", count(data.clusters().stream()
            .filter(c -> c.clusterId() >= 0).count())))
        .append("</div>\n");

    regionSection(h, data, tiers, tierNames, regionNames);
    heatMapSection(h, data, currency);
    migrationSection(h, data, tiers, tierNames);
    clusterSection(h, data);
    dimensionSection(h, data.mixes(), data.tierOrder());
    holdoutSection(h, data.holdout());
    recommendationSection(h, recommendations);
    qualitySection(h, data);
    h.append("<footer>Generated by the customer-segmentation job from the Delta tables customer_segments and ")
        .append("segment_summary. Personal data is not part of these tables.</footer>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void regionSection(StringBuilder h, ReportData data, List<String> tiers,
      Map<String, String> tierNames, Map<String, String> regionNames) {
    Map<String, Map<String, Cell>> byRegion = new TreeMap<>();
    for (Cell c : data.regionTiers()) {
      byRegion.computeIfAbsent(c.regionCode(), k -> new TreeMap<>()).put(c.tier(), c);
    }
    List<String> tierLabels = tiers.stream().map(t -> tierNames.get(t) + " (" + t + ")").toList();
    List<Svg.Stack> customerStacks = new ArrayList<>();
    List<Svg.Stack> revenueStacks = new ArrayList<>();
    for (Map.Entry<String, Map<String, Cell>> region : byRegion.entrySet()) {
      String label = regionNames.get(region.getKey()) + " " + region.getKey();
      List<Svg.Part> customerParts = new ArrayList<>();
      List<Svg.Part> revenueParts = new ArrayList<>();
      for (String tier : tiers) {
        Cell c = region.getValue().get(tier);
        if (c != null) {
          customerParts.add(new Svg.Part(tier, c.customers(), count(c.customers())));
          revenueParts.add(new Svg.Part(tier, c.revenue().doubleValue(), money(c.revenue())));
        }
      }
      customerStacks.add(new Svg.Stack(label, customerParts));
      revenueStacks.add(new Svg.Stack(label, revenueParts));
    }
    h.append("<section id=\"segments\">\n<h2>Segments by region and value tier</h2>\n<div class=\"charts\">")
        .append(figure("Customers per region, by value tier",
            Svg.stackedBars("Customers per region by tier", customerStacks, tiers, tierLabels)))
        .append(figure("Net revenue per region, by value tier",
            Svg.stackedBars("Revenue per region by tier", revenueStacks, tiers, tierLabels)))
        .append("</div>\n");

    h.append("<table class=\"grid\" id=\"region-tier\">\n<thead><tr><th>region</th>");
    tiers.forEach(t -> h.append("<th>").append(esc(tierNames.get(t))).append("<br><span class=\"muted\">")
        .append(esc(t)).append("</span></th>"));
    h.append("<th>total</th></tr></thead>\n<tbody>\n");
    Map<String, long[]> tierCustomers = new LinkedHashMap<>();
    Map<String, BigDecimal> tierRevenue = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Cell>> region : byRegion.entrySet()) {
      h.append("<tr data-region=\"").append(esc(region.getKey())).append("\"><th>")
          .append(esc(regionNames.get(region.getKey()))).append(" <span class=\"muted\">")
          .append(esc(region.getKey())).append("</span></th>");
      long n = 0;
      BigDecimal r = BigDecimal.ZERO;
      for (String tier : tiers) {
        Cell c = region.getValue().get(tier);
        long cn = c == null ? 0 : c.customers();
        BigDecimal cr = c == null ? BigDecimal.ZERO : c.revenue();
        n += cn;
        r = r.add(cr);
        tierCustomers.computeIfAbsent(tier, k -> new long[1])[0] += cn;
        tierRevenue.merge(tier, cr, BigDecimal::add);
        h.append(pair(cn, cr));
      }
      h.append(pair(n, r)).append("</tr>\n");
    }
    h.append("<tr class=\"total\"><th>total</th>");
    long n = 0;
    BigDecimal r = BigDecimal.ZERO;
    for (String tier : tiers) {
      long cn = tierCustomers.getOrDefault(tier, new long[1])[0];
      BigDecimal cr = tierRevenue.getOrDefault(tier, BigDecimal.ZERO);
      n += cn;
      r = r.add(cr);
      h.append(pair(cn, cr));
    }
    h.append(pair(n, r)).append("</tr>\n</tbody>\n</table>\n")
        .append("<p class=\"muted\">Each cell: customers, and net revenue below. Negative revenue (returns above ")
        .append("purchases) is counted in the table but not drawn in the stacked bars.</p>\n</section>\n");
  }

  private static void heatMapSection(StringBuilder h, ReportData data, String currency) {
    int bins = Math.max(data.bins(), data.rfCells().stream()
        .mapToInt(c -> Math.max(c.rScore(), c.fScore())).max().orElse(0));
    long[][] counts = new long[bins][bins];
    String[][] notes = new String[bins][bins];
    for (RfCell c : data.rfCells()) {
      if (c.rScore() >= 1 && c.fScore() >= 1) {
        counts[c.rScore() - 1][c.fScore() - 1] = c.customers();
        notes[c.rScore() - 1][c.fScore() - 1] = currency + " "
            + String.format(Locale.ROOT, "%,.0f", c.meanMonetary());
      }
    }
    h.append("<section id=\"rfm\">\n<h2>R × F score heat map</h2>\n")
        .append(figure("Buyers per recency score (R) and frequency score (F); second line: mean net spend. "
            + "Top right: recent and frequent.", Svg.heatMap("R x F heat map", "R", "F", bins, counts, notes)))
        .append("</section>\n");
  }

  /** Value tier now (columns) against the tier at the previous snapshot (rows), shaded by customers. */
  private static void migrationSection(StringBuilder h, ReportData data, List<String> tiers,
      Map<String, String> tierNames) {
    h.append("<section id=\"migration\">\n<h2>Tier migration since the previous snapshot</h2>\n");
    if (data.tierMoves().isEmpty()) {
      h.append("<p class=\"muted\">No previous snapshot in the output yet: migration starts with the second run."
          + "</p>\n</section>\n");
      return;
    }
    List<String> rows = new java.util.ArrayList<>(tiers);
    List<String> columns = new java.util.ArrayList<>(tiers);
    for (ReportData.Move m : data.tierMoves()) {
      if (!rows.contains(m.from())) {
        rows.add(m.from());
      }
      if (!columns.contains(m.to())) {
        columns.add(m.to());
      }
    }
    Map<String, ReportData.Move> byCell = new LinkedHashMap<>();
    long max = 1;
    for (ReportData.Move m : data.tierMoves()) {
      byCell.put(m.from() + "\u0000" + m.to(), m);
      max = Math.max(max, m.customers());
    }
    h.append("<p>Rows: value tier at the previous snapshot (or new customer); columns: value tier now (or gone). "
        + "Cells: customers, and their net revenue now. The diagonal is customers who kept their tier.</p>\n")
        .append("<table class=\"migration\"><thead><tr><th>from \\ to</th>");
    for (String c : columns) {
      h.append("<th>").append(esc(tierNames.getOrDefault(c, c))).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (String r : rows) {
      h.append("<tr><th>").append(esc(tierNames.getOrDefault(r, r))).append("</th>");
      for (String c : columns) {
        ReportData.Move m = byCell.get(r + "\u0000" + c);
        long n = m == null ? 0 : m.customers();
        double shade = n == 0 ? 0 : 0.12 + 0.88 * n / max;
        h.append(String.format(Locale.ROOT, "<td data-from=\"%s\" data-to=\"%s\" style=\"background:"
            + "rgba(0,114,178,%.3f);color:%s\">%s", esc(r), esc(c), shade, shade > 0.55 ? "#fff" : "#222", count(n)));
        if (m != null) {
          h.append("<br><small>").append(esc(money(m.revenue()))).append("</small>");
        }
        h.append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n</section>\n");
  }

  /**
   * Channel mix per region, attitude per value tier and buying motive per cluster, as stacked bars (each only when
   * the snapshot has it: interactions give preferred channels, feedback attitudes, mapped motive fields motives).
   */
  private static void dimensionSection(StringBuilder h, ReportData.Mixes mixes, List<String> tierOrder) {
    boolean attitudes = mixes.attitudeByTier().stream().anyMatch(m -> !m.value().equals(ContactColumns.UNKNOWN));
    if (mixes.channelByRegion().isEmpty() && !attitudes && mixes.motiveByCluster().isEmpty()) {
      return;
    }
    h.append("<section id=\"dimensions\">\n<h2>Channels, attitude and buying motives</h2>\n<div class=\"charts\">");
    if (!mixes.channelByRegion().isEmpty()) {
      h.append(figure("Customers per region by preferred channel (the most used in the last 365 days)",
          mixBars("Channel mix per region", mixes.channelByRegion(), Comparator.naturalOrder(), List.of())));
    }
    if (attitudes) {
      h.append(figure("Customers per value tier by attitude (mean score of the last 365 days)",
          mixBars("Attitude per tier", mixes.attitudeByTier(), Comparator.<String>comparingInt(t -> order(tierOrder, t))
              .thenComparing(Comparator.naturalOrder()),
              List.of(ContactColumns.POSITIVE, ContactColumns.NEUTRAL, ContactColumns.NEGATIVE,
                  ContactColumns.UNKNOWN))));
    }
    if (!mixes.motiveByCluster().isEmpty()) {
      h.append(figure("Customers per cluster by buying motive",
          mixBars("Motive per cluster", mixes.motiveByCluster(), Comparator.comparingInt(Integer::parseInt),
              List.of())));
    }
    h.append("</div>\n</section>\n");
  }

  /**
   * One stack per group (in {@code groupOrder}) with a part per value: values in {@code valueOrder}, then the others
   * by name.
   */
  private static String mixBars(String title, List<ReportData.Mix> mixes, Comparator<String> groupOrder,
      List<String> valueOrder) {
    Map<String, String> valueLabels = new TreeMap<>();
    Map<String, String> groupLabels = new TreeMap<>(groupOrder);
    Map<String, Map<String, Long>> cells = new TreeMap<>(groupOrder);
    for (ReportData.Mix m : mixes) {
      valueLabels.put(m.value(), m.valueLabel());
      groupLabels.put(m.group(), m.groupLabel() == null ? m.group() : m.groupLabel() + " " + m.group());
      cells.computeIfAbsent(m.group(), k -> new TreeMap<>()).merge(m.value(), m.customers(), Long::sum);
    }
    List<String> values = new ArrayList<>(valueOrder.stream().filter(valueLabels::containsKey).toList());
    valueLabels.keySet().stream().filter(v -> !values.contains(v)).forEach(values::add);
    List<String> labels = values.stream().map(v -> v.equals(valueLabels.get(v)) ? v : valueLabels.get(v) + " (" + v
        + ")").toList();
    List<Svg.Stack> stacks = new ArrayList<>();
    cells.forEach((group, byValue) -> stacks.add(new Svg.Stack(groupLabels.get(group), values.stream()
        .filter(byValue::containsKey).map(v -> new Svg.Part(v, byValue.get(v), count(byValue.get(v)))).toList())));
    return Svg.stackedBars(title, stacks, values, labels);
  }

  private static int order(List<String> codes, String code) {
    int i = codes.indexOf(code);
    return i < 0 ? codes.size() : i;
  }

  private static void clusterSection(StringBuilder h, ReportData data) {
    List<Cluster> clusters = data.clusters().stream().sorted(Comparator.comparingInt(Cluster::clusterId)).toList();
    List<Svg.Bar> sizes = clusters.stream()
        .map(c -> new Svg.Bar(clusterName(c), c.customers(), count(c.customers())))
        .toList();
    List<Svg.Line> lines = clusters.stream().filter(c -> c.clusterId() >= 0)
        .map(c -> new Svg.Line(clusterName(c), c.standardised()))
        .toList();
    h.append("<section id=\"clusters\">\n<h2>K-means clusters</h2>\n<div class=\"charts\">")
        .append(figure("Customers per cluster (未购买: customers without purchases, not clustered)", Svg.horizontalBars("Cluster sizes", sizes,
            Svg.colour(0))))
        .append(figure("Cluster centres: mean recency, frequency and net spend of each cluster, in standard "
            + "deviations from the mean of all buyers (snake plot)", Svg.lines("Cluster centres",
            List.of("recency_days", "frequency", "monetary"), lines)))
        .append("</div>\n<table class=\"grid\" id=\"cluster-table\">\n<thead><tr><th>cluster</th><th>customers</th>")
        .append("<th>net revenue</th><th>mean recency (days)</th><th>mean orders</th><th>mean net spend</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (Cluster c : clusters) {
      h.append("<tr data-cluster=\"").append(c.clusterId()).append("\"><th>").append(esc(clusterName(c)))
          .append(" <span class=\"muted\">").append(esc(c.code())).append(" · ").append(c.clusterId())
          .append("</span></th><td>").append(count(c.customers())).append("</td><td>").append(money(c.revenue()))
          .append("</td><td>").append(decimal(c.meanRecencyDays(), 1)).append("</td><td>")
          .append(decimal(c.meanFrequency(), 2)).append("</td><td>")
          .append(c.meanMonetary() == null ? "–" : money(c.meanMonetary())).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    kSearchSection(h, data.kSearch());
    h.append("</section>\n");
  }

  /** The candidate k tried on the sample: a table and the silhouette and elbow (cost) curves, chosen k marked. */
  private static void kSearchSection(StringBuilder h, ReportData.KSearch search) {
    h.append("<h3 id=\"k-search\">Choice of k</h3>\n");
    if (search.candidates().isEmpty()) {
      h.append("<p class=\"muted\">")
          .append(search.k() > 0 ? "k = " + search.k() + " was fixed in the settings or taken from a saved model: "
              : "")
          .append("no candidate k was tried in this run.</p>\n");
      return;
    }
    List<String> ks = new ArrayList<>();
    double[] silhouettes = new double[search.candidates().size()];
    double[] costs = new double[search.candidates().size()];
    int chosen = -1;
    h.append("<p>Each k from the range was fitted on the sample and scored; the k with the highest silhouette is ")
        .append("kept (ties: the smaller k). The cost (within-cluster sum of squares) always falls with k; a bend ")
        .append("(elbow) where it stops falling fast agrees with the choice. Davies-Bouldin: lower is better.</p>\n")
        .append("<table class=\"grid\" id=\"k-table\">\n<thead><tr><th>k</th><th>silhouette</th><th>cost</th>")
        .append("<th>Davies-Bouldin</th><th></th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < search.candidates().size(); i++) {
      Candidate c = search.candidates().get(i);
      ks.add(String.valueOf(c.k()));
      silhouettes[i] = c.silhouette();
      costs[i] = c.cost();
      boolean isChosen = c.k() == search.k();
      if (isChosen) {
        chosen = i;
      }
      h.append(String.format(Locale.ROOT, "<tr data-k=\"%d\"%s><th>%d</th><td>%.3f</td><td>%,.1f</td><td>%.3f</td>"
          + "<td>%s</td></tr>\n", c.k(), isChosen ? " class=\"total\"" : "", c.k(), c.silhouette(), c.cost(),
          c.daviesBouldin(), isChosen ? "chosen" : ""));
    }
    h.append("</tbody>\n</table>\n<div class=\"charts\">")
        .append(figure("Silhouette by k (higher is better; the chosen k is marked)",
            Svg.series("Silhouette by k", "k", ks, silhouettes, "silhouette", "%.3f", chosen)))
        .append(figure("Cost by k: within-cluster sum of squares on the sample (elbow)",
            Svg.series("Cost by k", "k", ks, costs, "cost", "%,.1f", chosen)))
        .append("</div>\n");
  }

  /**
   * The holdout check of the purchase model, when the run had a calibration end date: predicted against actual
   * repeat purchases per calibration-frequency bucket (table and paired bars) and in total.
   */
  private static void holdoutSection(StringBuilder h, ReportData.Holdout holdout) {
    if (!holdout.present()) {
      return;
    }
    h.append("<section id=\"holdout\">\n<h2>Holdout check of the purchase model</h2>\n<p>The purchase model ")
        .append("(BG/NBD) was also fitted on the purchases before ").append(esc(holdout.calibrationEnd()))
        .append(" and asked how many repeat purchase days the customers of that period would make from then up to ")
        .append("the snapshot. Rows: repeat purchases in the calibration period; the forecast holds when predicted ")
        .append("and actual are close.</p>\n<table class=\"grid\" id=\"holdout-table\">\n<thead><tr>")
        .append("<th>calibration repeat purchases</th><th>customers</th><th>actual</th><th>predicted</th>")
        .append("<th>predicted − actual</th><th>predicted / actual</th></tr></thead>\n<tbody>\n");
    List<String> labels = new ArrayList<>();
    List<double[]> pairs = new ArrayList<>();
    for (ReportData.HoldoutBucket b : holdout.buckets()) {
      boolean total = b.bucket().equals(ValueColumns.TOTAL);
      h.append(String.format(Locale.ROOT, "<tr data-bucket=\"%s\"%s><th>%s</th><td>%s</td><td>%s</td><td>%,.1f</td>"
          + "<td>%+,.1f</td><td>%s</td></tr>\n", esc(b.bucket()), total ? " class=\"total\"" : "", esc(b.bucket()),
          count(b.customers()), count(b.actual()), b.predicted(), b.predicted() - b.actual(),
          b.actual() == 0 ? "–" : String.format(Locale.ROOT, "%.2f", b.predicted() / b.actual())));
      if (!total) {
        labels.add(b.bucket());
        pairs.add(new double[] {b.actual(), b.predicted()});
      }
    }
    h.append("</tbody>\n</table>\n")
        .append(figure("Repeat purchases in the holdout period per calibration-frequency bucket: actual and "
            + "predicted", Svg.groupedBars("Holdout: actual vs predicted", labels, List.of("actual", "predicted"),
            pairs, "%,.1f")))
        .append("</section>\n");
  }

  /**
   * Recommendations against the holdout: precision, recall and MAP at N of ALS and of both baselines, in a table and
   * a chart, and in plain words whether ALS beats global popularity.
   */
  private static void recommendationSection(StringBuilder h, RecommendationHoldout holdout) {
    if (!holdout.present()) {
      return;
    }
    int n = holdout.topN();
    h.append("<section id=\"recommendations\">\n<h2>Recommendations against the holdout</h2>\n<p>Each method was ")
        .append("fitted on the purchases before the calibration end and its top ").append(n).append(" categories ")
        .append("per customer compared with the categories the customer first bought after it.</p>\n")
        .append("<table class=\"grid\" id=\"recommendation-table\">\n<thead><tr><th>method</th><th>customers</th>")
        .append("<th>precision@").append(n).append("</th><th>recall@").append(n).append("</th><th>MAP@").append(n)
        .append("</th></tr></thead>\n<tbody>\n");
    List<Svg.Bar> bars = new ArrayList<>();
    for (RecommendationHoldout.Score s : holdout.scores()) {
      h.append(String.format(Locale.ROOT, "<tr data-method=\"%s\"><th>%s</th><td>%s</td><td>%.4f</td><td>%.4f</td>"
          + "<td>%.4f</td></tr>\n", esc(s.method()), esc(s.method()), count(s.customers()), s.precision(), s.recall(),
          s.map()));
      bars.add(new Svg.Bar(s.method(), s.map(), String.format(Locale.ROOT, "%.4f", s.map())));
    }
    h.append("</tbody>\n</table>\n");
    RecommendationHoldout.Score als = holdout.of("als");
    RecommendationHoldout.Score global = holdout.of("global_popularity");
    if (als != null && global != null) {
      h.append("<p id=\"recommendation-verdict\">").append(als.map() > global.map()
          ? String.format(Locale.ROOT, "ALS beats global popularity: MAP@%d %.4f against %.4f.", n, als.map(),
              global.map())
          : String.format(Locale.ROOT, "ALS does not beat global popularity here: MAP@%d %.4f against %.4f. Set "
              + com.custseg.config.RecommendConfig.USE + " = best-baseline to recommend the better baseline instead.", n,
              als.map(), global.map())).append("</p>\n");
    }
    h.append(figure("MAP@" + n + " per method", Svg.horizontalBars("MAP per method", bars, Svg.colour(0)))).append("</section>\n");
  }

  private static void qualitySection(StringBuilder h, ReportData data) {
    h.append("<section id=\"quality\">\n<h2>Data quality</h2>\n<table class=\"grid\" id=\"quality-table\">\n")
        .append("<thead><tr><th>source</th><th>read</th><th>kept</th><th>rejected</th><th>rejected %</th>")
        .append("<th>rejected by reason</th></tr></thead>\n<tbody>\n");
    List<Svg.Bar> reasons = new ArrayList<>();
    for (Map.Entry<String, InputCounts> e : new TreeMap<>(data.inputs()).entrySet()) {
      InputCounts c = e.getValue();
      StringBuilder byReason = new StringBuilder();
      c.rejectedByReason().forEach((reason, n) -> {
        byReason.append(byReason.isEmpty() ? "" : ", ").append(esc(reason)).append(' ').append(count(n));
        reasons.add(new Svg.Bar(e.getKey() + " " + reason, n, count(n)));
      });
      h.append("<tr data-source=\"").append(esc(e.getKey())).append("\"><th>").append(esc(e.getKey()))
          .append("</th><td>").append(count(c.read())).append("</td><td>").append(count(c.kept()))
          .append("</td><td>").append(count(c.rejected())).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f%%", 100 * c.rejectRatio())).append("</td><td class=\"left\">")
          .append(byReason.isEmpty() ? "–" : byReason).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    if (!reasons.isEmpty()) {
      h.append(figure("Rejected rows by source and reason (table rejects)",
          Svg.horizontalBars("Rejected rows by reason", reasons, Svg.colour(3))));
    }
    h.append("</section>\n");
  }

  /** Tiers in rule order, then any other tier found in the data. */
  private static List<String> tierOrder(ReportData data) {
    List<String> present = data.regionTiers().stream().map(Cell::tier).distinct().toList();
    List<String> order = new ArrayList<>(data.tierOrder().stream().filter(present::contains).toList());
    present.stream().filter(t -> !order.contains(t)).sorted().forEach(order::add);
    return order;
  }

  /** The cluster's name; its id only for a table written before clusters were named there. */
  private static String clusterName(Cluster c) {
    return c.name() != null ? c.name() : "cluster " + c.clusterId();
  }

  private static String tile(String id, String label, String value) {
    return "<div class=\"tile\" id=\"tile-" + esc(id) + "\"><div class=\"value\">" + esc(value)
        + "</div><div class=\"label\">" + esc(label) + "</div></div>";
  }

  private static String figure(String caption, String svg) {
    return "<figure>" + svg + "<figcaption>" + esc(caption) + "</figcaption></figure>";
  }

  private static String pair(long customers, BigDecimal revenue) {
    return "<td>" + count(customers) + "<br><span class=\"money\">" + money(revenue) + "</span></td>";
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String money(BigDecimal amount) {
    return String.format(Locale.ROOT, "%,.2f", amount);
  }

  private static String decimal(Double value, int places) {
    return value == null ? "–" : String.format(Locale.ROOT, "%,." + places + "f", value);
  }

  private static String esc(Object value) {
    return Html.esc(value == null ? null : String.valueOf(value));
  }

  private static final String CSS = String.join("\n",
      "body{font-family:-apple-system,'Segoe UI','PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;",
      "margin:24px auto;max-width:1240px;color:#222;background:#fff;padding:0 16px}",
      "h1{font-size:24px;margin:0 0 16px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;",
      "padding-bottom:4px}.muted{color:#777;font-weight:normal;font-size:0.85em}",
      ".tiles{display:flex;gap:12px;flex-wrap:wrap}.tile{border:1px solid #ddd;border-radius:6px;padding:10px 16px;",
      "min-width:160px}.tile .value{font-size:22px;font-weight:600}.tile .label{color:#666;font-size:12px}",
      ".charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:8px 0}figcaption{color:#555;font-size:12px;",
      "max-width:740px}table.grid{border-collapse:collapse;font-size:12px;margin:8px 0}",
      "table.grid th,table.grid td{border:1px solid #ddd;padding:4px 8px;text-align:right;vertical-align:top}",
      "table.grid th{background:#f6f6f6;text-align:left}table.grid td.left{text-align:left}",
      "tr.total td,tr.total th{font-weight:600}.money{color:#555}",
      "footer{margin-top:32px;color:#888;font-size:11px}");

  private HtmlReport() {}
}
