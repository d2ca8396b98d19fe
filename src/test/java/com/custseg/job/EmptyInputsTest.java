package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.io.OutputTables;
import com.custseg.quality.QualityGate;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An empty export stops the run with a message saying so, before anything but the run's record is written. */
class EmptyInputsTest {
  @TempDir
  Path dir;

  private Path customers() throws Exception {
    Path file = dir.resolve("customers.csv");
    Files.writeString(file, "customer_id,name,phone,province,city,signup_date,industry,company_size,channel\n"
        + "C1,王红丽,17303308562,河南省,郑州市,2022-09-24,建筑,中型,直销\n");
    return file;
  }

  @Test
  void aZeroByteTransactionsFileIsNamedAsEmpty() throws Exception {
    Path transactions = dir.resolve("transactions.csv");
    Files.writeString(transactions, "");
    Path output = dir.resolve("out-zero");

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), TestConfigs.load(
        "--set", "segmentation.input.customers.path=" + customers(),
        "--set", "segmentation.input.transactions.path=" + transactions,
        "--as-of", "2025-01-01", "--output", output.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.transactions.path: " + transactions + " is empty (not even a header line)");
    assertThat(output.toFile().list()).containsExactly(OutputTables.RUN_METRICS.name());
  }

  @Test
  void aHeaderOnlyTransactionsFileStopsTheRunBeforeAnyTableIsWritten() throws Exception {
    Path transactions = dir.resolve("header-only.csv");
    Files.writeString(transactions, "order_id,customer_id,order_time,amount,category\n");
    Path output = dir.resolve("out-header");

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), TestConfigs.load(
        "--set", "segmentation.input.customers.path=" + customers(),
        "--set", "segmentation.input.transactions.path=" + transactions,
        "--as-of", "2025-01-01", "--output", output.toString())))
        .isInstanceOf(QualityGate.QualityGateException.class)
        .hasMessageStartingWith("quality gate failed for transactions: no rows were read, the input is empty.");
    assertThat(output.toFile().list()).containsExactly(OutputTables.RUN_METRICS.name());
  }
}
