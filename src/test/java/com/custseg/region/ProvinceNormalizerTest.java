package com.custseg.region;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ProvinceNormalizerTest {
  private static final StructType RAW_SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("raw", DataTypes.StringType, true);

  /** Inputs chosen to hit each part of the rule and its edges; null is checked separately. */
  private static final List<String> TRICKY = List.of(
      "", " ", "\u3000", "\u00A0", "\t\n\r\u000B\f",
      "\u3000广东省\u3000", " 广东 ", "广 东 省", "广东\u00A0省", "\uFEFF广东省", "广东\u200B", "广东\u2060省",
      "Hong Kong", "HONG  KONG", "hong\u2003kong", "Hong\u202FKong", "Hong\u0085Kong", "Hong\u2028Kong",
      "ＧＤ", "Ｇｕａｎｇｄｏｎｇ", "ＨＯＮＧ　ＫＯＮＧ", "１２３", "！＃＄％＆（）＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝～",
      "Ｇ\u3000Ｄ", "\uFF5F", "\uFF00", "ABCXYZ", "abc", "@[`{",
      "ÖSTERREICH", "Österreich", "İSTANBUL", "ΕΛΛΆΔΑ", "ǅ", "ß", "\u212A", "😀GD", "GD😀", "广東",
      "regex$1\\0", ".*", "back\\slash");

  @Test
  void removesAllWhitespaceAnywhereIncludingFullWidthAndNoBreakSpaces() {
    assertThat(ProvinceNormalizer.normalize("\u3000广 东\u00A0省\t\u3000")).isEqualTo("广东省");
    assertThat(ProvinceNormalizer.normalize("\uFEFF广东\u200B")).isEqualTo("广东");
    assertThat(ProvinceNormalizer.normalize("Hong Kong")).isEqualTo("hongkong");
  }

  @Test
  void foldsFullWidthAsciiToHalfWidthAndLowerCasesAsciiOnly() {
    assertThat(ProvinceNormalizer.normalize("Ｇｕａｎｇｄｏｎｇ")).isEqualTo("guangdong");
    assertThat(ProvinceNormalizer.normalize("ＧＤ")).isEqualTo("gd");
    assertThat(ProvinceNormalizer.normalize("１２３－ＡＢ")).isEqualTo("123-ab");
    assertThat(ProvinceNormalizer.normalize("ÖSTERREICH")).isEqualTo("Österreich");
  }

  @Test
  void keepsNullAndTurnsBlankIntoEmpty() {
    assertThat(ProvinceNormalizer.normalize((String) null)).isNull();
    assertThat(ProvinceNormalizer.normalize(" \u3000\u00A0 ")).isEmpty();
  }

  @Test
  void sparkAndJavaAgreeOnTrickyInputsAndNull() {
    List<String> inputs = new ArrayList<>(TRICKY);
    inputs.add(null);

    assertSparkAgreesWithJava(inputs);
  }

  @Test
  void sparkAndJavaAgreeOnEverySpellingInTheShippedMappings() {
    List<String> inputs = new ArrayList<>();
    for (Path file : List.of(RegionMappingTest.CHINA, RegionMappingTest.EUROPE)) {
      RegionMapping.load(file).divisions().forEach(d -> inputs.addAll(d.spellings()));
    }
    // The same spellings as they turn up in dirty data: shouted, padded, typed on a full-width keyboard.
    List<String> dirty = new ArrayList<>();
    for (String spelling : inputs) {
      dirty.add(spelling.toUpperCase(Locale.ROOT));
      dirty.add("\u3000" + spelling + " \u00A0");
      dirty.add(toFullWidth(spelling));
    }
    inputs.addAll(dirty);

    assertThat(inputs).hasSizeGreaterThan(4 * 300);
    assertSparkAgreesWithJava(inputs);
  }

  /** Fails listing only the inputs on which the two halves disagree, with code points to make invisibles visible. */
  private static void assertSparkAgreesWithJava(List<String> inputs) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      rows.add(RowFactory.create(i, inputs.get(i)));
    }
    Dataset<Row> raw = TestSpark.session().createDataFrame(rows, RAW_SCHEMA);

    Map<Integer, String> spark = new HashMap<>();
    raw.select(col("id"), ProvinceNormalizer.normalize(col("raw")).as("key")).collectAsList()
        .forEach(r -> spark.put(r.getInt(0), r.getString(1)));

    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String java = ProvinceNormalizer.normalize(inputs.get(i));
      if (!Objects.equals(java, spark.get(i))) {
        disagreements.add(codePoints(inputs.get(i)) + ": java " + codePoints(java) + ", spark "
            + codePoints(spark.get(i)));
      }
    }
    assertThat(spark).hasSize(inputs.size());
    assertThat(disagreements).isEmpty();
  }

  private static String codePoints(String s) {
    return s == null ? "null" : s.codePoints().mapToObj(c -> String.format("U+%04X", c))
        .collect(Collectors.joining(" ", "'" + s + "' [", "]"));
  }

  private static String toFullWidth(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().forEach(c -> out.append(c >= 0x21 && c <= 0x7E ? (char) (c + 0xFEE0) : c == ' ' ? '\u3000'
        : (char) c));
    return out.toString();
  }
}
