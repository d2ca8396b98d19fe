package com.custseg.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.JobConfig;
import com.custseg.io.CustomerColumns;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw CSV exports as companies write them (src/test/resources/ingest): a UTF-8 file with a byte order mark, CRLF line
 * endings and quoted fields holding commas and line breaks; a GBK file without header and with ';' separators; and
 * a transactions file with one bad line of every kind. Every row is either kept, removed as an exact duplicate or
 * rejected with its reason, and the counts reconcile.
 */
class CsvIngestTest {
  private static final String RESOURCES = "src/test/resources/ingest/";
  private static final LocalDate AS_OF = LocalDate.parse("2025-01-01");

  @TempDir
  Path dir;

  private JobConfig sampleExports() throws IOException {
    return TestConfigs.loadFile(dir.resolve("test.conf"), """
        segmentation.input.customers {
          path = "%scustomers_bom_crlf.csv"
          options { multiLine = "true" }
        }
        segmentation.input.transactions.path = "%stransactions.csv"
        """.formatted(RESOURCES, RESOURCES));
  }

  private static Dataset<Row> customersChecked(JobConfig config) {
    return InputCleaning.customers(SourceReader.read(TestSpark.session(), config.customers()), config.customers());
  }

  private static Map<String, List<Object>> byId(Dataset<Row> kept, String... columns) {
    Map<String, List<Object>> out = new TreeMap<>();
    for (Row r : kept.selectExpr(columns).collectAsList()) {
      out.put(r.getString(0), java.util.stream.IntStream.range(1, r.size()).mapToObj(r::get).toList());
    }
    return out;
  }

  @Test
  void aUtf8ExportWithBomCrlfAndQuotedLineBreaksKeepsGoodRowsAndRejectsEachBadOne() throws IOException {
    Dataset<Row> checked = customersChecked(sampleExports());

    InputCounts counts = Quarantine.counts(checked);
    assertThat(counts).isEqualTo(new InputCounts(10, 4, 1, Map.of("BAD_DATE", 2L, "DUPLICATE_CUSTOMER_ID", 1L,
        "MALFORMED_LINE", 1L, "MISSING_CUSTOMER_ID", 1L)));
    assertThat(counts.kept() + counts.duplicates() + counts.rejected()).isEqualTo(counts.read());

    Map<String, List<Object>> kept = byId(Quarantine.kept(checked), CustomerColumns.CUSTOMER_ID,
        CustomerColumns.NAME, CustomerColumns.PROVINCE_RAW, CustomerColumns.SIGNUP_DATE + " || ''",
        CustomerColumns.CHANNEL);
    // The byte order mark does not stick to the first column name (customer_id resolves); the last field carries no '\r' and the quoted line
    // break inside C2's name reads as '\n'. C3's two different
    // records conflict: the one that sorts first is kept, the other is rejected.
    assertThat(kept).isEqualTo(Map.of(
        "C1", List.of("Zhang, San", "广东省", "2023-01-05", "线上"),
        "C2", List.of("李四\n(二号)", "上海市", "2023-02-10", "门店"),
        "C3", List.of("王五 (new)", "四川", "2023-03-15", "直销"),
        "C7", List.of("孙八", "Hong Kong", "2023-07-01", "线上")));

    List<Row> rejects = Quarantine.rejected(checked, "customers", AS_OF)
        .where(RejectColumns.REASON + " = 'MALFORMED_LINE'").collectAsList();
    assertThat(rejects).hasSize(1);
    assertThat(rejects.get(0).getString(2)).isEqualTo("C5,broken line,only three fields");
  }

  @Test
  void everyBadTransactionLineIsRejectedOnceAndTheKeptAmountIsExactToTheCent() throws IOException {
    JobConfig config = sampleExports();
    Dataset<Row> customersKept = Quarantine.kept(customersChecked(config));
    Dataset<Row> checked = InputCleaning.withSnapshotChecks(
        InputCleaning.transactions(SourceReader.read(TestSpark.session(), config.transactions()),
            config.transactions()),
        AS_OF, customersKept.select(CustomerColumns.CUSTOMER_ID));

    InputCounts counts = Quarantine.counts(checked);
    assertThat(counts).isEqualTo(new InputCounts(14, 6, 1, Map.of("AFTER_SNAPSHOT", 1L, "BAD_AMOUNT", 1L,
        "BAD_DATE", 1L, "MALFORMED_LINE", 1L, "MISSING_CUSTOMER_ID", 1L, "MISSING_ORDER_ID", 1L,
        "UNKNOWN_CUSTOMER", 1L)));

    Dataset<Row> kept = Quarantine.kept(checked);
    // 100.00 + 50.50 - 20.50 + 1234.56 + 88.10 + 0.01
    assertThat(kept.selectExpr("sum(" + TransactionColumns.AMOUNT + ")").first().getDecimal(0))
        .isEqualTo(new BigDecimal("1452.67"));
    assertThat(byId(kept, TransactionColumns.ORDER_ID, TransactionColumns.AMOUNT, TransactionColumns.IS_RETURN,
        TransactionColumns.CATEGORY)).isEqualTo(Map.of(
        "O1", List.of(new BigDecimal("100.00"), false, "服装"),
        "O2", List.of(new BigDecimal("50.50"), false, "数码"),
        "R2", List.of(new BigDecimal("-20.50"), true, "数码"),
        "O3", List.of(new BigDecimal("1234.56"), false, "家电"),
        "O4", List.of(new BigDecimal("88.10"), false, "食品, 饮料"),
        "O11", List.of(new BigDecimal("0.01"), false, "服装")));
    assertThat(Quarantine.rejected(checked, "transactions", AS_OF).count()).isEqualTo(7);
  }

  @Test
  void aGbkExportWithoutHeaderIsDecodedAndItsShortLineQuarantined() throws IOException {
    JobConfig config = TestConfigs.loadFile(dir.resolve("test.conf"), """
        segmentation.input.customers {
          path = "%scustomers_gbk.csv"
          options { header = "false", sep = ";", encoding = "GBK" }
          columns { customer_id = "_c0", name = "_c1", phone = "", province = "_c2", city = "_c3",
                    signup_date = "_c4", industry = "", company_size = "", channel = "" }
        }
        """.formatted(RESOURCES));
    Dataset<Row> checked = customersChecked(config);

    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(4, 3, 0, Map.of("MALFORMED_LINE", 1L)));
    assertThat(byId(Quarantine.kept(checked), CustomerColumns.CUSTOMER_ID, CustomerColumns.NAME,
        CustomerColumns.PROVINCE_RAW, CustomerColumns.CITY)).isEqualTo(Map.of(
        "G1", List.of("张伟", "广东", "深圳"),
        "G2", List.of("李娜", "新疆维吾尔自治区", "乌鲁木齐"),
        "G4", List.of("刘洋", "香港特别行政区", "香港")));
    assertThat(Quarantine.rejected(checked, "customers", AS_OF).first().getString(2))
        .isEqualTo("G3;王芳;广西壮族自治区;南宁");
  }

  @Test
  void linesThatDoNotDecodeInTheDeclaredEncodingAreRejectedAsBadEncodingNotKeptAsGarbage() throws IOException {
    // A UTF-8 export with two lines written in GBK (as when two CRM exports are concatenated), and a declared-GBK
    // file with a byte (0xFF) that is no GBK character.
    Path mixed = dir.resolve("mixed.csv");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.nio.charset.Charset gbk = java.nio.charset.Charset.forName("GBK");
    bytes.writeBytes(("customer_id,name,phone,province,city,signup_date,industry,company_size,channel\n"
        + "U1,张伟,,广东省,,2023-01-05,,,\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.writeBytes("U2,李娜,,河南省,,2023-02-10,,,\nU3,王芳,,四川省,,2023-03-15,,,\n".getBytes(gbk));
    bytes.writeBytes("U4,刘洋,,上海市,,2023-04-20,,,\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.nio.file.Files.write(mixed, bytes.toByteArray());
    Path declaredGbk = dir.resolve("gbk.csv");
    java.io.ByteArrayOutputStream gbkBytes = new java.io.ByteArrayOutputStream();
    gbkBytes.writeBytes(("customer_id,name,phone,province,city,signup_date,industry,company_size,channel\n"
        + "G1,张伟,,广东省,,2023-01-05,,,\nG2,").getBytes(gbk));
    gbkBytes.write(0xFF);
    gbkBytes.writeBytes(",,河南省,,2023-02-10,,,\n".getBytes(gbk));
    java.nio.file.Files.write(declaredGbk, gbkBytes.toByteArray());

    Dataset<Row> utf8 = customersChecked(TestConfigs.loadFile(dir.resolve("utf8.conf"), """
        segmentation.input.customers.path = "%s"
        """.formatted(mixed)));
    Dataset<Row> gbkChecked = customersChecked(TestConfigs.loadFile(dir.resolve("gbk.conf"), """
        segmentation.input.customers { path = "%s", options { encoding = "GBK" } }
        """.formatted(declaredGbk)));

    assertThat(Quarantine.counts(utf8)).isEqualTo(new InputCounts(4, 2, 0, Map.of("BAD_ENCODING", 2L)));
    assertThat(byId(Quarantine.kept(utf8), CustomerColumns.CUSTOMER_ID, CustomerColumns.PROVINCE_RAW))
        .isEqualTo(Map.of("U1", List.of("广东省"), "U4", List.of("上海市")));
    assertThat(Quarantine.rejected(utf8, "customers", AS_OF).select(RejectColumns.REASON).distinct()
        .collectAsList().toString()).isEqualTo("[[BAD_ENCODING]]");
    assertThat(Quarantine.counts(gbkChecked)).isEqualTo(new InputCounts(2, 1, 0, Map.of("BAD_ENCODING", 1L)));
    assertThat(byId(Quarantine.kept(gbkChecked), CustomerColumns.CUSTOMER_ID, CustomerColumns.PROVINCE_RAW))
        .isEqualTo(Map.of("G1", List.of("广东省")));
  }

  @Test
  void anUnknownEncodingFailsBeforeSparkNamingTheKey() {
    assertThatThrownBy(() -> TestConfigs.loadFile(dir.resolve("test.conf"),
        "segmentation.input.customers.options.encoding = \"GBX\""))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.customers.options.encoding: unknown character set: GBX"
            + " (use e.g. UTF-8, GBK, GB18030)");
  }
}
