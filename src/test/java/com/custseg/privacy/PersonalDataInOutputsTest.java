package com.custseg.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.job.SegmentationPipeline;
import com.custseg.testing.AnalystRun;
import com.custseg.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on an export full of personal data: no output table holds any of it, in any string column. */
class PersonalDataInOutputsTest {
  private static final String KEY = "a-secret-of-32-characters-length";

  @TempDir
  Path dir;

  /** "table.column: n rows" for every string column of every Delta table under root holding a personal value. */
  private static List<String> personalValuesFound(Path root) {
    List<String> found = new ArrayList<>();
    for (Path table : AnalystRun.deltaTables(root)) {
      Dataset<Row> rows = TestSpark.session().read().format("delta").load(table.toString());
      for (StructField field : rows.schema().fields()) {
        if (field.dataType() instanceof StringType) {
          Column any = lit(false);
          for (String value : AnalystRun.PII_VALUES) {
            any = any.or(col(field.name()).contains(value));
          }
          long n = rows.where(any).count();
          if (n > 0) {
            found.add(root.relativize(table) + "." + field.name() + ": " + n + " rows");
          }
        }
      }
    }
    return found;
  }

  private static String rejectedCustomerRecord(Path root) {
    return TestSpark.session().read().format("delta").load(root.resolve("rejects").toString())
        .where("source = 'customers'").select("record").first().getString(0);
  }

  @Test
  void maskModeLeavesNoPersonalValueInAnyOutputTableAndMasksTheRejectedRecord() {
    AnalystRun.result();
    Path out = AnalystRun.output();

    assertThat(AnalystRun.deltaTables(out)).extracting(p -> out.relativize(p).toString())
        .contains("customer_segments", "rejects", "segment_summary");
    assertThat(personalValuesFound(out)).isEmpty();
    assertThat(rejectedCustomerRecord(out)).isEqualTo("{\"customer_id\":\"C6\",\"name\":\"孙****\","
        + "\"phone\":\"138****5678\",\"id_number\":\"1****\",\"email\":\"s****\",\"address\":\"杭****\","
        + "\"province\":\"浙江省\",\"city\":\"杭州\",\"signup_date\":\"not-a-date\",\"industry\":\"零售\","
        + "\"company_size\":\"小微\",\"channel\":\"线上\"}");
  }

  @Test
  void hashModeLeavesNoPersonalValueAndWritesTheKeyedHashOfTheRejectedPhone() throws Exception {
    Path out = dir.resolve("out-hash");
    SegmentationPipeline.run(TestSpark.session(), AnalystRun.config(out, Map.of("CUSTSEG_PII_HASH_KEY", KEY)::get,
        "--set", "segmentation.privacy.mode=hash"));

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String phoneHash = HexFormat.of().formatHex(mac.doFinal("13812345678".getBytes(StandardCharsets.UTF_8)));
    assertThat(personalValuesFound(out)).isEmpty();
    assertThat(rejectedCustomerRecord(out)).contains("\"phone\":\"" + phoneHash + "\"", "\"city\":\"杭州\"");
  }
}
