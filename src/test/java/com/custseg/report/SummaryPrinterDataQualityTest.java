package com.custseg.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.io.RunMetrics;
import com.custseg.quality.InputCounts;
import com.custseg.report.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data-quality block of the printed summary, for an ingest-only run. */
class SummaryPrinterDataQualityTest {

  @Test
  void anIngestRunPrintsItsCountsRejectsAndUnknownProvincesButNoSegments() {
    InputCounts customers = new InputCounts(8, 5, 1, Map.of("BAD_DATE", 1L, "MISSING_CUSTOMER_ID", 1L));
    InputCounts transactions = new InputCounts(12, 6, 1, Map.of("AFTER_SNAPSHOT", 5L));
    Map<String, Long> counts = new LinkedHashMap<>(InputCounts.metrics(customers, transactions));
    counts.put(InputCounts.TRANSACTIONS_DUPLICATE_AMOUNT_CENTS, 433_288L);
    RunMetrics metrics = new RunMetrics("run-1", LocalDate.parse("2025-01-01"), "ingest",
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:01:00Z"), "0.1.0",
        "0123456789abcdef0123", RunMetrics.SUCCEEDED, counts, InputCounts.rejects(customers, transactions),
        Map.of("火星", 1L), Map.of("ingest: read customers", 1.5), Map.of());
    RunResult result = new RunResult(LocalDate.parse("2025-01-01"), customers, transactions, 0, List.of(),
        List.of(new RunResult.UnknownProvince("火星", 1)), Map.of("ingest: read customers", 1500L), "out", metrics,
        null, null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    SummaryPrinter.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("=== Customer segmentation, snapshot 2025-01-01 (step ingest) ===")
        .contains("Input customers    read 8  kept 5  duplicates removed 1  rejected 2 {BAD_DATE=1, MISSING_CUSTOMER_ID=1}")
        .contains("Input transactions read 12  kept 6  duplicates removed 1 (amount 4,332.88)  rejected 5")
        .contains("Data quality (run run-1, succeeded, config 0123456789ab, job 0.1.0) -> out/run_metrics")
        .contains(String.format("  %-36s %,12d%n", "transactions_read", 12))
        .contains(String.format("  %-36s %,12d%n", "duplicates_removed", 2))
        .contains(String.format("  rejected %-27s %,12d%n", "transactions.AFTER_SNAPSHOT", 5))
        .contains(String.format("  unknown province %-19s %,12d%n", "'火星'", 1))
        .contains("Cleaned inputs in out (customers_clean, transactions_clean, rejects)")
        .doesNotContain("Customers per region x value tier")
        .doesNotContain("Cluster sizes");
  }

  @Test
  void theRegionByTierGridIsAlignedInTerminalColumnsWhateverTheLengthOrScriptOfTheNames() {
    List<RunResult.SegmentCount> counts = List.of(
        new RunResult.SegmentCount("east", "华东", "vip", "高价值", 0, 12, java.math.BigDecimal.TEN),
        new RunResult.SegmentCount("east", "华东", "general", "一般", 0, 3, java.math.BigDecimal.ONE),
        new RunResult.SegmentCount("uk_ni", "Northern Ireland and the Isle of Man", "vip", "VIP", 0, 1234,
            java.math.BigDecimal.ONE));
    RunMetrics metrics = new RunMetrics("run-1", LocalDate.parse("2025-01-01"), "segment",
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:01:00Z"), "0.1.0",
        "0123456789abcdef0123", RunMetrics.SUCCEEDED, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    RunResult result = new RunResult(LocalDate.parse("2025-01-01"), new InputCounts(0, 0, 0, Map.of()),
        new InputCounts(0, 0, 0, Map.of()), 1249, counts, List.of(), Map.of(), "out", metrics, null, null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    SummaryPrinter.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<String> grid = bytes.toString(StandardCharsets.UTF_8).lines()
        .dropWhile(l -> !l.equals("Customers per region x value tier")).skip(1).limit(4).toList();
    // "uk_ni Northern Ireland and the Isle of Man" is 42 columns, "east 华东" 9 (two wide characters): the label
    // column is 44 wide, each count column 10, so every line ends at column 74.
    assertThat(grid).containsExactly(
        "region" + " ".repeat(38) + "   general       vip     total",
        "east 华东" + " ".repeat(35) + "         3        12        15",
        "uk_ni Northern Ireland and the Isle of Man  " + "         0      1234      1234",
        "total" + " ".repeat(39) + "         3      1246      1249");
    assertThat(grid).allMatch(l -> TextTable.displayWidth(l) == 74);
  }
}
