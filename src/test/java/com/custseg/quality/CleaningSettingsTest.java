package com.custseg.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.CleaningConfig;
import com.custseg.config.ConfigException;
import com.custseg.config.JobConfig;
import com.custseg.io.CustomerColumns;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * segmentation.quality.duplicates and normalize-ids: which repeated lines are removed (and how much money that is),
 * and full-width customer ids folded to the ids they mean.
 */
class CleaningSettingsTest {
  @TempDir
  Path dir;

  /**
   * A line-level export without a line id: C1 bought the same book twice in order O1 (two identical lines) and a
   * second item of the same category for 30.00; C2 bought three identical packets of tea.
   */
  private JobConfig lineExport(String... flags) throws IOException {
    Path lines = dir.resolve("lines.csv");
    Files.writeString(lines, """
        order_id,customer_id,order_time,amount,category
        O1,C1,2024-05-01 10:00:00,12.50,书
        O1,C1,2024-05-01 10:00:00,12.50,书
        O1,C1,2024-05-01 10:00:00,30.00,书
        O2,C2,2024-05-02 11:00:00,8.25,茶
        O2,C2,2024-05-02 11:00:00,8.25,茶
        O2,C2,2024-05-02 11:00:00,8.25,茶
        """);
    String[] args = new String[flags.length + 2];
    args[0] = "--set";
    args[1] = "segmentation.input.transactions.path=" + lines;
    System.arraycopy(flags, 0, args, 2, flags.length);
    return TestConfigs.load(args);
  }

  private static Quarantine.Tally tally(JobConfig config) {
    Dataset<Row> checked = InputCleaning.withDuplicatesMarked(InputCleaning.checkedLines(
        SourceReader.read(TestSpark.session(), config.transactions()), config.transactions(), config.timeZone(),
        config.cleaning()), config.cleaning().duplicates());
    return Quarantine.tally(checked);
  }

  @Test
  void byDefaultExactCopiesAreRemovedAndTheirMoneyIsCounted() throws IOException {
    Quarantine.Tally t = tally(lineExport());

    assertThat(t.counts()).isEqualTo(new InputCounts(6, 3, 3, Map.of()));
    // 12.50 (C1's second book) + 8.25 + 8.25 (two of C2's packets)
    assertThat(t.duplicateAmount()).isEqualTo(new BigDecimal("29.00"));
  }

  @Test
  void keepRemovesNothingSoRepeatPurchasesOfTheSameItemCount() throws IOException {
    Quarantine.Tally t = tally(lineExport("--set", "segmentation.quality.duplicates=keep"));

    assertThat(t.counts()).isEqualTo(new InputCounts(6, 6, 0, Map.of()));
    assertThat(t.duplicateAmount()).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void keyColumnsMakeEveryLineWithTheSameKeyACopyOfTheFirst() throws IOException {
    JobConfig config = lineExport("--set", "segmentation.quality.duplicates=[order_id, category]");
    assertThat(config.cleaning().duplicates()).isEqualTo(new CleaningConfig.Duplicates(
        CleaningConfig.Duplicates.Mode.KEY, List.of("order_id", "category")));

    Quarantine.Tally t = tally(config);

    // One line per (customer, order, category) is kept: O1's 12.50 (its record sorts before the 30.00 one), one
    // packet of O2. Removed: 12.50 + 30.00 + 8.25 + 8.25.
    assertThat(t.counts()).isEqualTo(new InputCounts(6, 2, 4, Map.of()));
    assertThat(t.duplicateAmount()).isEqualTo(new BigDecimal("59.00"));
  }

  @Test
  void aDuplicatesSettingThatIsNeitherAModeNorKnownColumnsIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> TestConfigs.load("--set", "segmentation.quality.duplicates=drop-all"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.quality.duplicates must be drop-exact, keep or a list of columns"
            + " such as [order_id, category], got: drop-all");
    assertThatThrownBy(() -> TestConfigs.load("--set", "segmentation.quality.duplicates=[order_id, line_no]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.quality.duplicates names 'line_no', which is not a column of the"
            + " cleaned transactions");
  }

  @Test
  void fullWidthCustomerIdsAreFoldedToTheIdsTheyMeanInBothSourcesAndCounted() throws IOException {
    Path customers = dir.resolve("customers.csv");
    Files.writeString(customers, """
        customer_id,name,phone,province,city,signup_date,industry,company_size,channel
        Ｃ００１,张伟,,广东省,,2023-01-05,,,
        C002,李娜,,河南省,,2023-02-10,,,
        """);
    Path lines = dir.resolve("orders.csv");
    Files.writeString(lines, """
        order_id,customer_id,order_time,amount,category
        O1,C001,2024-05-01 10:00:00,12.50,书
        O2,Ｃ002,2024-05-02 11:00:00,８.25,茶
        """);
    String[] sources = {"--set", "segmentation.input.customers.path=" + customers,
        "--set", "segmentation.input.transactions.path=" + lines};
    JobConfig folding = TestConfigs.load(sources);
    JobConfig asWritten = TestConfigs.load(concat(sources, "--set", "segmentation.quality.normalize-ids=false"));

    Quarantine.Tally customerTally = Quarantine.tally(customersChecked(folding));
    Quarantine.Tally lineTally = Quarantine.tally(linesChecked(folding));

    assertThat(ids(Quarantine.kept(customersChecked(folding)), CustomerColumns.CUSTOMER_ID))
        .containsExactly("C001", "C002");
    assertThat(ids(Quarantine.kept(linesChecked(folding)), TransactionColumns.CUSTOMER_ID))
        .containsExactly("C001", "C002");
    assertThat(customerTally.idsNormalized()).isEqualTo(1);
    assertThat(lineTally.idsNormalized()).isEqualTo(1);
    assertThat(ids(Quarantine.kept(customersChecked(asWritten)), CustomerColumns.CUSTOMER_ID))
        .containsExactly("C002", "Ｃ００１");
    assertThat(Quarantine.tally(customersChecked(asWritten)).idsNormalized()).isZero();
  }

  private static Dataset<Row> customersChecked(JobConfig config) {
    return InputCleaning.customers(SourceReader.read(TestSpark.session(), config.customers()), config.customers(),
        config.timeZone(), config.cleaning());
  }

  private static Dataset<Row> linesChecked(JobConfig config) {
    return InputCleaning.checkedLines(SourceReader.read(TestSpark.session(), config.transactions()),
        config.transactions(), config.timeZone(), config.cleaning());
  }

  private static List<String> ids(Dataset<Row> kept, String column) {
    return kept.select(column).orderBy(column).collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
