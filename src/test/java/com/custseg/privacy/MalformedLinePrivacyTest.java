package com.custseg.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.PrivacyConfig;
import com.custseg.config.PrivacyConfig.Mode;
import com.custseg.config.SourceConfig;
import com.custseg.io.SourceReader;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.Quarantine;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A malformed CSV line reaches rejects.record as written, so it cannot be protected field by field: when a source
 * maps a personal-data field, every letter and digit of such a line is masked and only its shape stays readable.
 */
class MalformedLinePrivacyTest {
  private static final List<String> PII = List.of("name", "phone", "email", "id_number", "address");
  /** Two fields too few: 周九's quoted name swallows the rest of the line. */
  private static final String MALFORMED = "C7,\"周九,13922223333,浙江省";

  @TempDir
  static Path dir;
  private static Path csv;

  @BeforeAll
  static void writeCsv() throws IOException {
    csv = dir.resolve("customers.csv");
    Files.writeString(csv, String.join("\n",
        "customer_id,name,phone,province",
        "C1,张三,13800001111,广东省",
        MALFORMED) + "\n", StandardCharsets.UTF_8);
  }

  private static SourceConfig source(Map<String, String> columns) {
    return new SourceConfig("segmentation.input.customers", "csv", csv.toString(), Map.of("header", "true"),
        columns, "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "", SourceConfig.Currency.NONE, "");
  }

  private static PrivacyConfig privacy(Mode mode) {
    return new PrivacyConfig(PII, mode, List.of("phone"), "CUSTSEG_PII_HASH_KEY",
        "a-secret-of-32-characters-length".getBytes(StandardCharsets.UTF_8));
  }

  /** The rejects.record values of the customers source, protected as the ingest step protects them. */
  private static List<String> rejectedRecords(SourceConfig source, Mode mode) {
    var checked = InputCleaning.customers(SourceReader.read(TestSpark.session(), source), source);
    var rejects = Quarantine.rejected(checked, "customers", LocalDate.parse("2025-01-01"));
    return Privacy.withRecordProtected(rejects, "record", Privacy.recordKeys(privacy(mode), source), privacy(mode))
        .select("reason", "record").collectAsList().stream().map(r -> r.getString(0) + " " + r.getString(1))
        .toList();
  }

  @Test
  void aMalformedLineIsMaskedToItsShapeInEveryModeWhenPersonalDataIsMapped() {
    SourceConfig withPii = source(Map.of("customer_id", "customer_id", "name", "name", "phone", "phone",
        "province", "province"));

    for (Mode mode : Mode.values()) {
      assertThat(rejectedRecords(withPii, mode)).as(mode.name())
          .containsExactly("MALFORMED_LINE **,\"**,***********,***");
    }
  }

  @Test
  void aMalformedLineStaysAsWrittenWhenNoSourceColumnIsPersonalData() {
    SourceConfig withoutPii = source(Map.of("customer_id", "customer_id", "province", "province"));

    assertThat(rejectedRecords(withoutPii, Mode.MASK)).containsExactly("MALFORMED_LINE " + MALFORMED);
  }
}
