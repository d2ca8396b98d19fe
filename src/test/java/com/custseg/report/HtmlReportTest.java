package com.custseg.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.cluster.KMeansSegmenter.Candidate;
import com.custseg.quality.InputCounts;
import com.custseg.report.ReportData.Cell;
import com.custseg.report.ReportData.Cluster;
import com.custseg.report.ReportData.Holdout;
import com.custseg.report.ReportData.HoldoutBucket;
import com.custseg.report.ReportData.KSearch;
import com.custseg.report.ReportData.RfCell;
import com.custseg.report.RunResult;
import com.custseg.testing.AnalystRun;
import com.custseg.testing.TestSpark;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report of the shared run: where it goes, the figures it shows, escaping, and that a browser draws it. */
class HtmlReportTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Pattern HEAT_CELL =
      Pattern.compile("data-r=\"(\\d+)\" data-f=\"(\\d+)\" data-customers=\"(\\d+)\"");

  @TempDir
  Path tmp;

  private static Path reportFile() {
    return AnalystRun.output().resolve("report/" + AnalystRun.SNAPSHOT + "/index.html");
  }

  private static String report() throws IOException {
    return Files.readString(reportFile(), StandardCharsets.UTF_8);
  }

  @Test
  void theRunWritesTheReportOfItsSnapshotUnderTheOutputRootAndNamesItInTheResult() {
    RunResult result = AnalystRun.result();

    assertThat(reportFile()).isRegularFile();
    assertThat(Path.of(result.reportPath())).isEqualTo(reportFile());
  }

  @Test
  void theReportShowsTheRunsDataQualityFiguresAndRegionTotals() throws IOException {
    String html = report();

    // customers: 8 read, C6 rejected (signup date); transactions: 14 lines, O6 of unknown customer C9 rejected.
    assertThat(html).contains("<tr data-source=\"customers\"><th>customers</th><td>8</td><td>7</td><td>1</td>"
        + "<td>12.50%</td><td class=\"left\">BAD_DATE 1</td></tr>");
    assertThat(html).contains("<tr data-source=\"transactions\"><th>transactions</th><td>14</td><td>13</td>"
        + "<td>1</td><td>7.14%</td><td class=\"left\">UNKNOWN_CUSTOMER 1</td></tr>");
    assertThat(html).contains("<div class=\"value\">7</div><div class=\"label\">Customers segmented</div>",
        "<div class=\"value\">6</div><div class=\"label\">Buyers (scored)</div>",
        "<div class=\"value\">7,344.56</div><div class=\"label\">Net revenue (CNY)</div>",
        "<div class=\"value\">2</div><div class=\"label\">K-means clusters</div>");
    // The last cell of each region row is its total: customers, then net revenue.
    assertThat(regionTotal(html, "east")).isEqualTo("<td>2<br><span class=\"money\">900.00</span></td>");
    assertThat(regionTotal(html, "north")).isEqualTo("<td>2<br><span class=\"money\">80.00</span></td>");
    assertThat(regionTotal(html, "south")).isEqualTo("<td>2<br><span class=\"money\">5,130.00</span></td>");
    assertThat(regionTotal(html, "southwest")).isEqualTo("<td>1<br><span class=\"money\">1,234.56</span></td>");
    assertThat(html).containsPattern("<tr data-region=\"south\">.*<td>1<br><span class=\"money\">5,000.00</span>");
    assertThat(html).contains("<tr data-cluster=\"-1\"><th>未购买 <span class=\"muted\">no_purchase · -1</span></th>"
        + "<td>1</td><td>0.00</td><td>–</td><td>0.00</td><td>0.00</td></tr>");
  }

  @Test
  void clustersAreShownByTheNamesOfTheirProfilesNeverByABareNumber() throws IOException {
    String html = report();
    List<Row> profiles = TestSpark.session().read().format("delta")
        .load(AnalystRun.output().resolve("cluster_profiles").toString())
        .select("cluster_id", "cluster_code", "cluster_name", "customers").collectAsList();

    assertThat(profiles).hasSize(2);
    for (Row p : profiles) {
      assertThat(html).contains("<tr data-cluster=\"" + p.getInt(0) + "\"><th>" + p.getString(2)
          + " <span class=\"muted\">" + p.getString(1) + " · " + p.getInt(0) + "</span></th><td>" + p.getLong(3)
          + "</td>");
      assertThat(html).contains("data-label=\"" + p.getString(2) + "\" data-value=\"" + p.getLong(3) + "\"");
    }
    assertThat(html).doesNotContain("cluster 0", "cluster 1", "no purchase (-1)");
    // k is fixed at 2 for the shared run: the report reads that from the run's run_metrics row.
    assertThat(html).contains("k = 2 was fixed in the settings or taken from a saved model");
  }

  @Test
  void theHeatMapCountsTheBuyersOfEachRAndFScore() throws IOException {
    Map<String, Long> drawn = new TreeMap<>();
    Matcher m = HEAT_CELL.matcher(report());
    while (m.find()) {
      if (!m.group(3).equals("0")) {
        drawn.put(m.group(1) + "x" + m.group(2), Long.parseLong(m.group(3)));
      }
    }
    Map<String, Long> expected = new TreeMap<>();
    for (Row r : TestSpark.session().read().format("delta")
        .load(AnalystRun.output().resolve("customer_segments").toString())
        .where("r_score IS NOT NULL").groupBy("r_score", "f_score").count().collectAsList()) {
      expected.put(r.get(0) + "x" + r.get(1), r.getLong(2));
    }

    assertThat(drawn.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
    assertThat(drawn).isEqualTo(expected);
    // Only C7 has F score 4 (frequencies 1, 1, 1, 2, 3, 4), with 5,000.00 spent.
    assertThat(drawn.entrySet()).filteredOn(e -> e.getKey().endsWith("x4")).singleElement()
        .extracting(Map.Entry::getValue).isEqualTo(1L);
    assertThat(report()).containsPattern("data-f=\"4\" data-customers=\"1\"><title>R \\d × F 4: 1 customers, "
        + "mean monetary CNY 5,000</title>");
  }

  @Test
  void theReportIsSelfContainedAndHoldsNoPersonalData() throws IOException {
    String html = report().replace("xmlns=\"http://www.w3.org/2000/svg\"", "");

    assertThat(html).doesNotContain("http://", "https://", "<script", "<link", "<img", "@import");
    for (String value : AnalystRun.PII_VALUES) {
      assertThat(html).doesNotContain(value);
    }
  }

  @Test
  void tierMigrationIsATierByTierTableWithNewAndGoneCustomers() {
    ReportData data = new ReportData(LocalDate.parse("2025-02-01"), List.of("vip", "general"), 5, List.of(),
        List.of(), List.of(), Map.of(), List.of(
            new ReportData.Move("vip", "vip", 4, new BigDecimal("4000.00")),
            new ReportData.Move("vip", "general", 2, new BigDecimal("150.50")),
            new ReportData.Move("(new)", "general", 3, new BigDecimal("90.00")),
            new ReportData.Move("general", "(gone)", 1, new BigDecimal("20.00"))), KSearch.NONE, Holdout.NONE);

    String html = HtmlReport.render(data);

    assertThat(html).contains("<section id=\"migration\">")
        .contains("data-from=\"vip\" data-to=\"general\" style=\"background:rgba(0,114,178,0.560);color:#fff\">2"
            + "<br><small>150.50</small>")
        .contains("data-from=\"(new)\" data-to=\"general\"")
        .contains("data-from=\"general\" data-to=\"(gone)\"")
        // 2 tiers + (new) rows x 2 tiers + (gone) columns
        .satisfies(page -> assertThat(page.split("<td data-from=", -1)).hasSize(3 * 3 + 1));
    ReportData first = new ReportData(LocalDate.parse("2025-01-01"), List.of("vip"), 5, List.of(), List.of(),
        List.of(), Map.of(), List.of(), KSearch.NONE, Holdout.NONE);
    assertThat(HtmlReport.render(first)).contains("migration starts with the second run");
  }

  @Test
  void theCandidateKAreATableAndSilhouetteAndCostCurvesWithTheChosenKMarked() {
    ReportData data = new ReportData(LocalDate.parse("2025-01-01"), List.of("vip"), 5, List.of(), List.of(),
        List.of(), Map.of(), List.of(), new KSearch(4, List.of(
            new Candidate(3, 0.61234, 1234.56, 0.789),
            new Candidate(4, 0.95, 12.34, 0.0499),
            new Candidate(5, 0.7, 10.0, 0.31))), Holdout.NONE);

    String html = HtmlReport.render(data);

    assertThat(html).contains("<h3 id=\"k-search\">Choice of k</h3>")
        .contains("<tr data-k=\"3\"><th>3</th><td>0.612</td><td>1,234.6</td><td>0.789</td><td></td></tr>\n"
            + "<tr data-k=\"4\" class=\"total\"><th>4</th><td>0.950</td><td>12.3</td><td>0.050</td>"
            + "<td>chosen</td></tr>\n"
            + "<tr data-k=\"5\"><th>5</th><td>0.700</td><td>10.0</td><td>0.310</td><td></td></tr>")
        .contains("r=\"6\" fill=\"#D55E00\" data-x=\"4\" data-y=\"0.950\"")
        .contains("r=\"4\" fill=\"#0072B2\" data-x=\"3\" data-y=\"0.612\"")
        .contains("r=\"6\" fill=\"#D55E00\" data-x=\"4\" data-y=\"12.3\"")
        .contains("data-x=\"3\" data-y=\"1,234.6\"");
    ReportData fixed = new ReportData(LocalDate.parse("2025-01-01"), List.of("vip"), 5, List.of(), List.of(),
        List.of(), Map.of(), List.of(), new KSearch(2, List.of()), Holdout.NONE);
    assertThat(HtmlReport.render(fixed)).contains("k = 2 was fixed in the settings or taken from a saved model: "
        + "no candidate k was tried in this run.").doesNotContain("id=\"k-table\"");
  }

  @Test
  void theHoldoutCheckIsATableAndPairedBarsOfActualAndPredictedRepeatPurchasesPerBucketAndInTotal() {
    ReportData data = new ReportData(LocalDate.parse("2025-01-01"), List.of("vip"), 5, List.of(), List.of(),
        List.of(), Map.of(), List.of(), KSearch.NONE, new Holdout(LocalDate.parse("2024-10-01"), List.of(
            new HoldoutBucket("0", 10, 3, 2.5),
            new HoldoutBucket("1", 5, 4, 4.8),
            new HoldoutBucket("2+", 2, 6, 5.0),
            new HoldoutBucket("total", 17, 13, 12.3))));

    String html = HtmlReport.render(data);

    // predicted − actual and predicted / actual: 2.5 − 3 = −0.5, 2.5 / 3 = 0.83; 4.8 / 4 = 1.20; 12.3 / 13 = 0.95.
    assertThat(html).contains("<section id=\"holdout\">", "before 2024-10-01",
        "<tr data-bucket=\"0\"><th>0</th><td>10</td><td>3</td><td>2.5</td><td>-0.5</td><td>0.83</td></tr>",
        "<tr data-bucket=\"1\"><th>1</th><td>5</td><td>4</td><td>4.8</td><td>+0.8</td><td>1.20</td></tr>",
        "<tr data-bucket=\"2+\"><th>2+</th><td>2</td><td>6</td><td>5.0</td><td>-1.0</td><td>0.83</td></tr>",
        "<tr data-bucket=\"total\" class=\"total\"><th>total</th><td>17</td><td>13</td><td>12.3</td><td>-0.7</td>"
            + "<td>0.95</td></tr>",
        "data-label=\"0\" data-series=\"actual\" data-value=\"3.0\"",
        "data-label=\"0\" data-series=\"predicted\" data-value=\"2.5\"",
        "data-label=\"2+\" data-series=\"predicted\" data-value=\"5.0\"");
    // The buckets are drawn, the total only tabled: 3 buckets x 2 series.
    assertThat(html.split("data-series=\"(actual|predicted)\"", -1)).hasSize(3 * 2 + 1);
    assertThat(HtmlReport.render(new ReportData(LocalDate.parse("2025-01-01"), List.of("vip"), 5, List.of(),
        List.of(), List.of(), Map.of(), List.of(), KSearch.NONE, Holdout.NONE))).doesNotContain("id=\"holdout\"");
  }

  @Test
  void amountsAreInTheBaseCurrencyOfTheTransactionsNotAlwaysYuan() {
    ReportData data = new ReportData(LocalDate.parse("2025-01-01"), List.of("vip"), 5,
        List.of(new ReportData.Cell("uk_ireland", "UK & Ireland", "vip", "VIP", 2, new BigDecimal("1234.50"))),
        List.of(new ReportData.RfCell(5, 5, 2, new BigDecimal("617.25"))), List.of(), Map.of(), List.of(),
        KSearch.NONE, Holdout.NONE);

    String html = HtmlReport.render(data, "GBP");

    assertThat(html).contains("Amounts are net of returns, in GBP.",
        "<div class=\"value\">1,234.50</div><div class=\"label\">Net revenue (GBP)</div>",
        "mean monetary GBP 617</title>").doesNotContain("¥", "CNY");
    // Each bar ends with its total, and the value axis is labelled from 0 to the largest total.
    assertThat(html).containsPattern("<text data-total=\"UK &amp; Ireland uk_ireland\" [^>]*>2</text>")
        .containsPattern("<text data-total=\"UK &amp; Ireland uk_ireland\" [^>]*>1,234.50</text>")
        .containsPattern("<text data-axis=\"x\" [^>]*>0</text>")
        .containsPattern("<text data-axis=\"x\" [^>]*>1,234.50</text>");
  }

  @Test
  void theReportReadsTheSnapshotsHoldoutRowsInBucketOrder() {
    SparkSession spark = TestSpark.session();
    String path = tmp.resolve("value_holdout").toString();
    StructType schema = new StructType()
        .add("frequency_bucket", DataTypes.StringType).add("customers", DataTypes.LongType)
        .add("actual_repeat_purchases", DataTypes.LongType).add("predicted_repeat_purchases", DataTypes.DoubleType)
        .add("calibration_end", DataTypes.DateType).add("snapshot_date", DataTypes.DateType);
    Date end = Date.valueOf("2024-10-01");
    Date snapshot = Date.valueOf("2025-01-01");
    spark.createDataFrame(List.of(
            RowFactory.create("total", 17L, 13L, 12.3, end, snapshot),
            RowFactory.create("10+", 1L, 9L, 8.5, end, snapshot),
            RowFactory.create("2", 2L, 6L, 5.0, end, snapshot),
            RowFactory.create("0", 10L, 3L, 2.5, end, snapshot),
            RowFactory.create("0", 99L, 99L, 99.0, end, Date.valueOf("2024-12-01"))), schema)
        .write().format("delta").partitionBy("snapshot_date").save(path);

    Holdout holdout = ReportData.holdout(spark, path, LocalDate.parse("2025-01-01"));

    assertThat(holdout.calibrationEnd()).isEqualTo(LocalDate.parse("2024-10-01"));
    assertThat(holdout.buckets()).containsExactly(new HoldoutBucket("0", 10, 3, 2.5),
        new HoldoutBucket("2", 2, 6, 5.0), new HoldoutBucket("10+", 1, 9, 8.5),
        new HoldoutBucket("total", 17, 13, 12.3));
    assertThat(ReportData.holdout(spark, tmp.resolve("none").toString(), LocalDate.parse("2025-01-01")))
        .isEqualTo(Holdout.NONE);
  }

  @Test
  void channelsAttitudesAndMotivesAreStackedBarsPerRegionTierAndCluster() {
    ReportData.Mixes mixes = new ReportData.Mixes(
        List.of(new ReportData.Mix("east", "华东", "wechat", "wechat", 3),
            new ReportData.Mix("east", "华东", "phone", "phone", 1),
            new ReportData.Mix("south", "华南", "app", "app", 2)),
        List.of(new ReportData.Mix("general", "一般", "negative", "negative", 2),
            new ReportData.Mix("vip", "高价值", "positive", "positive", 4),
            new ReportData.Mix("vip", "高价值", "unknown", "unknown", 1)),
        List.of(new ReportData.Mix("0", "高价值活跃", "price_sensitive", "价格敏感型", 5),
            new ReportData.Mix("-1", "未购买", "unknown", "未知", 2)));
    ReportData data = new ReportData(LocalDate.parse("2025-01-01"), List.of("vip", "general"), 5, List.of(),
        List.of(), List.of(), Map.of(), List.of(), KSearch.NONE, Holdout.NONE, mixes);

    String html = HtmlReport.render(data);

    assertThat(html).contains("<section id=\"dimensions\">", "Channel mix per region", "Attitude per tier",
        "Motive per cluster");
    assertThat(html).contains("data-label=\"华东 east\" data-series=\"wechat\" data-value=\"3\"",
        "data-label=\"华南 south\" data-series=\"app\" data-value=\"2\"",
        "data-label=\"高价值 vip\" data-series=\"positive\" data-value=\"4\"",
        "data-label=\"一般 general\" data-series=\"negative\" data-value=\"2\"",
        "data-label=\"高价值活跃 0\" data-series=\"price_sensitive\" data-value=\"5\"",
        "价格敏感型 (price_sensitive)");
    // Tiers in rule order, clusters by id: vip's stack is drawn above general's, no purchases above cluster 0.
    assertThat(html.indexOf("data-label=\"高价值 vip\"")).isLessThan(html.indexOf("data-label=\"一般 general\""));
    assertThat(html.indexOf("data-label=\"未购买 -1\"")).isLessThan(html.indexOf("data-label=\"高价值活跃 0\""));
  }

  @Test
  void withoutInteractionsFeedbackOrMotiveFieldsThereIsNoSuchSection() {
    ReportData.Mixes unknownOnly = new ReportData.Mixes(List.of(),
        List.of(new ReportData.Mix("vip", "高价值", "unknown", "unknown", 4)), List.of());
    ReportData data = new ReportData(LocalDate.parse("2025-01-01"), List.of("vip"), 5, List.of(), List.of(),
        List.of(), Map.of(), List.of(), KSearch.NONE, Holdout.NONE, unknownOnly);

    assertThat(HtmlReport.render(data)).doesNotContain("id=\"dimensions\"");
  }

  @Test
  void everyValueIsHtmlEscaped() {
    String evil = "\"><script>alert('x')</script>&";
    ReportData data = new ReportData(LocalDate.parse("2025-01-01"), List.of("vip"), 5,
        List.of(new Cell("south", evil, "vip", evil, 3, new BigDecimal("12.50"))),
        List.of(new RfCell(5, 5, 3, new BigDecimal("4.17"))),
        List.of(new Cluster(0, evil, evil, 3, new BigDecimal("12.50"), 2.0, 1.0, new BigDecimal("4.17"), new double[3])),
        Map.of(evil, new InputCounts(4, 3, 0, Map.of(evil, 1L))),
        List.of(new ReportData.Move(evil, "vip", 1, new BigDecimal("1.00"))), KSearch.NONE, Holdout.NONE);

    String html = HtmlReport.render(data);

    assertThat(html).doesNotContain("<script", "alert('x')")
        .contains("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;");
  }

  @Test
  void headlessChromiumDrawsTheReportsHeadingsChartsAndChineseLabels() throws Exception {
    String dom = chromium("--dump-dom");

    // The browser parsed the page into the sections, charts and labels the report wrote.
    List<String> headings = new ArrayList<>();
    Matcher h2 = Pattern.compile("<h2>(.*?)</h2>").matcher(dom);
    while (h2.find()) {
      headings.add(h2.group(1));
    }
    assertThat(headings).contains("Segments by region and value tier", "R × F score heat map", "K-means clusters",
        "Data quality");
    assertThat(dom).contains("<h1>Customer segmentation");
    // Two stacked-bar charts (customers, revenue), the heat map and the cluster chart, as inline SVG elements.
    assertThat(Pattern.compile("<svg[ >]").matcher(dom).results().count()).isGreaterThanOrEqualTo(4);
    assertThat(Pattern.compile("<rect[^>]*data-value=").matcher(dom).results().count()).isGreaterThanOrEqualTo(8);
    // Chinese text survives as text, not as mojibake: region names in the bar labels, cluster names in the table.
    assertThat(dom).contains("华东 east", "华南 south", "<th>未购买 <span class=\"muted\">no_purchase · -1</span></th>");
  }

  @Test
  void headlessChromiumPaintsTheChartsInColour() throws Exception {
    Path screenshot = tmp.resolve("report-screenshot.png");
    chromium("--screenshot=" + screenshot, "--window-size=1280,2000");

    assertThat(screenshot).as(Files.readString(tmp.resolve("chromium.log"))).isRegularFile();
    BufferedImage image = ImageIO.read(screenshot.toFile());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    // Text, bars in the tier palette and heat-map shades: a blank or error page has a handful of colours.
    assertThat(colours.size()).isGreaterThan(50);
  }

  /** Runs headless Chromium on the report with {@code flags}; returns what it printed (the DOM for --dump-dom). */
  private String chromium(String... flags) throws Exception {
    assertThat(CHROMIUM).as("headless Chromium is needed for this test: apt-get install -y chromium (.ci/run does)")
        .isExecutable();
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + tmp.resolve("chromium-profile")));
    command.addAll(List.of(flags));
    command.add(reportFile().toUri().toString());
    Path out = tmp.resolve("chromium.out");
    Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(tmp.resolve("chromium.log").toFile()).start();
    boolean done = chromium.waitFor(180, TimeUnit.SECONDS);
    if (!done) {
      chromium.destroyForcibly();
    }
    assertThat(done).as("chromium finished within 180 s").isTrue();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String regionTotal(String html, String region) {
    Matcher m = Pattern.compile("<tr data-region=\"" + region + "\">(.*?)</tr>").matcher(html);
    assertThat(m.find()).as("row of region " + region).isTrue();
    String row = m.group(1);
    return row.substring(row.lastIndexOf("<td>"));
  }
}
