package com.custseg.privacy;

import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.PrivacyConfig;
import com.custseg.config.PrivacyConfig.Mode;
import com.custseg.config.SourceConfig;
import com.custseg.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PrivacyTest {
  private static final List<String> PII = List.of("name", "phone", "email", "id_number", "address");
  /** RFC 4231 test case 1: key 0x0b x 20, data "Hi There". */
  private static final String RFC4231_KEY = "\u000b".repeat(20);
  private static final String RFC4231_HI_THERE = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";

  private static final StructType PEOPLE = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("Name", DataTypes.StringType)
      .add("PHONE", DataTypes.StringType)
      .add("id_number", DataTypes.StringType)
      .add("city", DataTypes.StringType);

  private static final StructType RECORDS = new StructType()
      .add("source", DataTypes.StringType)
      .add("record", DataTypes.StringType);

  private static final String CUSTOMER_RECORD = "{\"customer_id\":\"C6\",\"name\":\"孙八\",\"phone\":\"138-1234-5678\","
      + "\"id_number\":\"110101199003071234\",\"city\":\"杭州\"}";
  private static final String TRANSACTION_RECORD = "{\"order_id\":\"O7\",\"amount\":10.5,\"customer_id\":null}";

  private static PrivacyConfig privacy(Mode mode, String key) {
    return new PrivacyConfig(PII, mode, List.of("phone"), "CUSTSEG_PII_HASH_KEY",
        key.getBytes(StandardCharsets.UTF_8));
  }

  private static Dataset<Row> people() {
    return Fixtures.table(PEOPLE,
        row("C1", "张三", "13812345678", "110101199003071234", "广州"),
        row("C2", "Li", "+86 139 0000 2222", "X", null),
        row("C3", null, "12345", null, "北京"));
  }

  private static Dataset<Row> records() {
    return Fixtures.table(RECORDS, row("customers", CUSTOMER_RECORD), row("transactions", TRANSACTION_RECORD));
  }

  @Test
  void maskModeKeepsTheFirstThreeAndLastFourPhoneDigitsAndTheFirstCharacterOfOtherText() {
    Dataset<Row> masked = Privacy.withPersonalDataProtected(people(), privacy(Mode.MASK, ""));

    assertThat(masked.columns()).containsExactly("customer_id", "Name", "PHONE", "id_number", "city");
    assertThat(values(masked)).isEqualTo(rows(
        row("C1", "张****", "138****5678", "1****", "广州"),
        row("C2", "L****", "861****2222", "X****", null),
        row("C3", null, "1****", null, "北京")));
  }

  @Test
  void dropModeRemovesEveryPiiColumnWhateverItsCase() {
    Dataset<Row> dropped = Privacy.withPersonalDataProtected(people(), privacy(Mode.DROP, ""));

    assertThat(dropped.columns()).containsExactly("customer_id", "city");
  }

  @Test
  void hashModeWritesHmacSha256AsHexAndMatchesRfc4231() {
    StructType one = new StructType().add("phone", DataTypes.StringType);
    Dataset<Row> hashed = Privacy.withPersonalDataProtected(
        Fixtures.table(one, row("Hi There"), row((Object) null)), privacy(Mode.HASH, RFC4231_KEY));

    assertThat(hashed.collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder(RFC4231_HI_THERE, null);
  }

  @Test
  void recordsGetTheirPiiFieldsMaskedAndRecordsWithoutPiiStayExactlyAsTheyWere() {
    Privacy.RecordKeys keys = Privacy.recordKeys(privacy(Mode.MASK, ""));

    Dataset<Row> masked = Privacy.withRecordProtected(records(), "record", keys, privacy(Mode.MASK, ""));
    Dataset<Row> dropped = Privacy.withRecordProtected(records(), "record", keys, privacy(Mode.DROP, ""));

    assertThat(values(masked)).isEqualTo(rows(
        row("customers", "{\"customer_id\":\"C6\",\"name\":\"孙****\",\"phone\":\"138****5678\","
            + "\"id_number\":\"1****\",\"city\":\"杭州\"}"),
        row("transactions", TRANSACTION_RECORD)));
    assertThat(values(dropped)).isEqualTo(rows(
        row("customers", "{\"customer_id\":\"C6\",\"city\":\"杭州\"}"),
        row("transactions", TRANSACTION_RECORD)));
  }

  @Test
  void hashedRecordFieldsAreTheHmacOfTheirValue() throws Exception {
    String key = "a-secret-of-32-characters-length";
    Privacy.RecordKeys keys = Privacy.recordKeys(privacy(Mode.HASH, key));

    String record = Privacy.withRecordProtected(records(), "record", keys, privacy(Mode.HASH, key))
        .where("source = 'customers'").first().getString(1);

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String phoneHash = HexFormat.of().formatHex(mac.doFinal("138-1234-5678".getBytes(StandardCharsets.UTF_8)));
    assertThat(phoneHash).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(record).contains("\"phone\":\"" + phoneHash + "\"").contains("\"city\":\"杭州\"")
        .doesNotContain("孙八", "138-1234-5678", "110101199003071234");
  }

  @Test
  void recordKeysCoverTheSourceColumnsThatPiiFieldsAreMappedFrom() {
    SourceConfig crm = new SourceConfig("segmentation.input.customers", "csv", "crm.csv", Map.of(),
        Map.of("customer_id", "客户编号", "name", "concat(`姓`, `名`)", "phone", "regexp_replace(`手机`, '-', '')",
            "city", "城市"),
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "", SourceConfig.Currency.NONE, "");

    Privacy.RecordKeys keys = Privacy.recordKeys(privacy(Mode.MASK, ""), crm);

    assertThat(keys.pii()).isEqualTo(Set.of("name", "phone", "email", "id_number", "address", "姓", "名", "手机"));
    assertThat(keys.phone()).isEqualTo(Set.of("phone", "手机"));
  }
}
