package com.custseg.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The CSV writer on its own: encodings, byte order mark, quoting, nulls. No Spark job. */
class WorklistFilesTest {
  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("action_name", DataTypes.StringType)
      .add("priority", DataTypes.createDecimalType(18, 2))
      .add("action_reason", DataTypes.StringType);
  private static final WorklistFiles.Layout LAYOUT = new WorklistFiles.Layout(
      List.of("customer_id", "action_name", "priority", "action_reason"), List.of("客户编号", "任务类型", "优先级分值",
          "任务说明"));

  private static List<Row> rows() {
    return List.of(
        new GenericRowWithSchema(new Object[] {"C1", "唤醒优惠", new BigDecimal("750.00"),
            "value tier vip → churn_risk; clv 1,000.00"}, SCHEMA),
        new GenericRowWithSchema(new Object[] {"C2", "培育", null, "say \"hi\""}, SCHEMA));
  }

  private static byte[] csv(Charset charset) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WorklistFiles.CsvResult result = WorklistFiles.csv(rows().iterator(), LAYOUT, charset, out);
    assertThat(result.rows()).isEqualTo(2);
    return out.toByteArray();
  }

  @Test
  void utf8StartsWithAByteOrderMarkAndQuotesFieldsWithCommasAndQuotes() throws IOException {
    byte[] bytes = csv(StandardCharsets.UTF_8);

    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("\uFEFF客户编号,任务类型,优先级分值,任务说明\r\n"
        + "C1,唤醒优惠,750.00,\"value tier vip → churn_risk; clv 1,000.00\"\r\n"
        + "C2,培育,,\"say \"\"hi\"\"\"\r\n");
  }

  @Test
  void gbkHasNoByteOrderMarkAndCountsWhatItCannotEncode() throws IOException {
    Charset gbk = Charset.forName("GBK");
    byte[] bytes = csv(gbk);

    assertThat(bytes[0]).isNotEqualTo((byte) 0xEF);
    String text = new String(bytes, gbk);
    assertThat(text).startsWith("客户编号,任务类型,优先级分值,任务说明\r\nC1,唤醒优惠,750.00,");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // → is in GBK; an emoji is not, and is counted
    List<Row> emoji = List.of(new GenericRowWithSchema(new Object[] {"C3", "培育\uD83D\uDE00", null, ""}, SCHEMA));
    assertThat(WorklistFiles.csv(emoji.iterator(), LAYOUT, gbk, out).unencodable()).isEqualTo(1);
  }
}
