package com.custseg.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.io.CustomerColumns;
import com.custseg.region.RegionMapping.Division;
import com.custseg.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RegionAssignerTest {
  private static final RegionMapping CHINA = RegionMapping.load(RegionMappingTest.CHINA);

  private static final StructType CUSTOMERS = new StructType()
      .add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType, false)
      .add(CustomerColumns.PROVINCE_RAW, DataTypes.StringType, true)
      .add(CustomerColumns.CITY, DataTypes.StringType, true);

  /** The input columns unchanged, then the five region columns; the codes are never null. */
  private static final StructType WITH_REGION = CUSTOMERS
      .add(RegionColumns.PROVINCE, DataTypes.StringType, true)
      .add(RegionColumns.PROVINCE_CODE, DataTypes.StringType, false)
      .add(RegionColumns.REGION_CODE, DataTypes.StringType, false)
      .add(RegionColumns.REGION_NAME, DataTypes.StringType, false)
      .add(RegionColumns.ECONOMIC_ZONE, DataTypes.StringType, true);

  private static final StructType UNKNOWN_PROVINCES = new StructType()
      .add(CustomerColumns.PROVINCE_RAW, DataTypes.StringType, true)
      .add(RegionAssigner.CUSTOMERS, DataTypes.LongType, false);

  @Test
  void spellingsSeenInTheSourceDataMapToTheirProvinceRegionAndZone() {
    Dataset<Row> customers = customers(
        customer("c01", "广东省", "广州"),
        customer("c02", "广东", "深圳"),
        customer("c03", "广东 ", "佛山"),
        customer("c04", "Guangdong", null),
        customer("c05", "GD", null),
        customer("c06", "　广东省　", "东莞"),
        customer("c07", "ＧＵＡＮＧＤＯＮＧ", null),
        customer("c08", "内蒙古自治区", "呼和浩特"),
        customer("c09", "内蒙古", null),
        customer("c10", "广西壮族自治区", "南宁"),
        customer("c11", "新疆维吾尔自治区", "乌鲁木齐"),
        customer("c12", "上海市", "上海"),
        customer("c13", "上海", null),
        customer("c14", "上海   ", null),
        customer("c15", "香港特别行政区", null),
        customer("c16", "Hong Kong", null),
        customer("c17", "hong kong ", null));

    Dataset<Row> result = RegionAssigner.withRegion(customers, CHINA.lookupTable(TestSpark.session()));

    assertSmallDataFrame(result.orderBy(CustomerColumns.CUSTOMER_ID), WITH_REGION, List.of(
        mapped("c01", "广东省", "广州", "广东省", "GD", "south", "华南", "prd"),
        mapped("c02", "广东", "深圳", "广东省", "GD", "south", "华南", "prd"),
        mapped("c03", "广东 ", "佛山", "广东省", "GD", "south", "华南", "prd"),
        mapped("c04", "Guangdong", null, "广东省", "GD", "south", "华南", "prd"),
        mapped("c05", "GD", null, "广东省", "GD", "south", "华南", "prd"),
        mapped("c06", "　广东省　", "东莞", "广东省", "GD", "south", "华南", "prd"),
        mapped("c07", "ＧＵＡＮＧＤＯＮＧ", null, "广东省", "GD", "south", "华南", "prd"),
        mapped("c08", "内蒙古自治区", "呼和浩特", "内蒙古自治区", "NM", "north", "华北", null),
        mapped("c09", "内蒙古", null, "内蒙古自治区", "NM", "north", "华北", null),
        mapped("c10", "广西壮族自治区", "南宁", "广西壮族自治区", "GX", "south", "华南", null),
        mapped("c11", "新疆维吾尔自治区", "乌鲁木齐", "新疆维吾尔自治区", "XJ", "northwest", "西北", null),
        mapped("c12", "上海市", "上海", "上海市", "SH", "east", "华东", "yrd"),
        mapped("c13", "上海", null, "上海市", "SH", "east", "华东", "yrd"),
        mapped("c14", "上海   ", null, "上海市", "SH", "east", "华东", "yrd"),
        mapped("c15", "香港特别行政区", null, "香港特别行政区", "HK", "south", "华南", "prd"),
        mapped("c16", "Hong Kong", null, "香港特别行政区", "HK", "south", "华南", "prd"),
        mapped("c17", "hong kong ", null, "香港特别行政区", "HK", "south", "华南", "prd")));
  }

  @Test
  void unmatchedCustomersCarryTheUnknownNameOfTheirMappingFile() {
    RegionMapping europe = RegionMapping.load(RegionMappingTest.EUROPE);
    Dataset<Row> result = RegionAssigner.withRegion(customers(customer("e1", "Unspecified", null),
        customer("e2", "EIRE", "Dublin")), europe.lookupTable(TestSpark.session()), europe.unknownName());

    assertThat(result.orderBy(CustomerColumns.CUSTOMER_ID).select(RegionColumns.REGION_CODE,
        RegionColumns.REGION_NAME).collectAsList().toString())
        .isEqualTo("[[unknown,Unknown], [uk_ireland," + europe.region("uk_ireland").name() + "]]");
  }

  @Test
  void unmappedNullAndBlankProvincesAreMarkedUnknownAndKept() {
    Dataset<Row> customers = customers(
        customer("u1", "火星", "X"),
        customer("u2", null, null),
        customer("u3", "", null),
        customer("u4", "   ", null),
        customer("u5", "\u3000", null),
        customer("u6", "广东广西", null));

    Dataset<Row> result = RegionAssigner.withRegion(customers, CHINA.lookupTable(TestSpark.session()));

    assertSmallDataFrame(result.orderBy(CustomerColumns.CUSTOMER_ID), WITH_REGION, List.of(
        unknown("u1", "火星", "X"),
        unknown("u2", null, null),
        unknown("u3", "", null),
        unknown("u4", "   ", null),
        unknown("u5", "\u3000", null),
        unknown("u6", "广东广西", null)));
  }

  @Test
  void everySpellingInBothShippedMappingsMapsToItsOwnDivisionThroughSpark() {
    for (Path file : List.of(RegionMappingTest.CHINA, RegionMappingTest.EUROPE)) {
      RegionMapping mapping = RegionMapping.load(file);
      List<Row> rows = new ArrayList<>();
      Map<String, String> expected = new LinkedHashMap<>();
      for (Division division : mapping.divisions()) {
        for (String spelling : division.spellings()) {
          for (String raw : List.of(spelling, asciiUpperCase(spelling), " " + spelling + "\u3000")) {
            String id = division.code() + "#" + rows.size();
            rows.add(customer(id, raw, null));
            expected.put(id, division.code() + "/" + division.region());
          }
        }
      }

      Dataset<Row> result = RegionAssigner.withRegion(customers(rows.toArray(Row[]::new)),
          mapping.lookupTable(TestSpark.session()));

      Map<String, String> actual = new LinkedHashMap<>();
      result.collectAsList().forEach(r -> actual.put(r.getAs(CustomerColumns.CUSTOMER_ID),
          r.getAs(RegionColumns.PROVINCE_CODE) + "/" + r.getAs(RegionColumns.REGION_CODE)));
      assertThat(actual).as(file.toString()).containsExactlyInAnyOrderEntriesOf(expected);
    }
  }

  @Test
  void noCustomerIsLostOrDuplicated() {
    List<Row> rows = new ArrayList<>();
    String[] provinces = {"广东省", "广东", "Guangdong", null, "", "火星", "GD", "gd", "内蒙古", "Hong Kong"};
    for (int i = 0; i < 200; i++) {
      rows.add(customer("c" + (i % 150), provinces[i % provinces.length], null));
    }
    Dataset<Row> customers = customers(rows.toArray(Row[]::new));

    Dataset<Row> result = RegionAssigner.withRegion(customers, CHINA.lookupTable(TestSpark.session()));

    assertThat(result.count()).isEqualTo(200);
    assertThat(result.select(CustomerColumns.CUSTOMER_ID, CustomerColumns.PROVINCE_RAW, CustomerColumns.CITY)
        .collectAsList()).containsExactlyInAnyOrderElementsOf(rows);
  }

  @Test
  void theLookupIsBroadcastSoCustomersAreNotShuffled() {
    Dataset<Row> result = RegionAssigner.withRegion(customers(customer("c1", "广东", null)),
        CHINA.lookupTable(TestSpark.session()));

    assertThat(result.queryExecution().executedPlan().toString()).contains("BroadcastHashJoin");
  }

  @Test
  void customersWithoutTheRawProvinceColumnAreRejectedBeforeAnyJob() {
    StructType schema = new StructType().add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType, false);
    Dataset<Row> customers = TestSpark.session().createDataFrame(List.of(RowFactory.create("c1")), schema);

    assertThatThrownBy(() -> RegionAssigner.withRegion(customers, CHINA.lookupTable(TestSpark.session())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customers: missing column(s) [province_raw]; actual schema:\n" + schema.treeString());
  }

  @Test
  void customersThatAlreadyCarryARegionColumnAreRejected() {
    StructType schema = CUSTOMERS.add(RegionColumns.REGION_CODE, DataTypes.StringType, true);
    Dataset<Row> customers = TestSpark.session().createDataFrame(
        List.of(RowFactory.create("c1", "广东", null, "south")), schema);

    assertThatThrownBy(() -> RegionAssigner.withRegion(customers, CHINA.lookupTable(TestSpark.session())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customers: already has column(s) [region_code], which region assignment adds; actual schema:\n"
            + schema.treeString());
  }

  @Test
  void aLookupWithoutTheAliasKeyIsRejected() {
    Dataset<Row> lookup = CHINA.lookupTable(TestSpark.session()).drop(RegionMapping.ALIAS_KEY);

    assertThatThrownBy(() -> RegionAssigner.withRegion(customers(customer("c1", "广东", null)), lookup))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("region lookup: missing column(s) [alias_key]; actual schema:\n" + lookup.schema().treeString());
  }

  @Test
  void unknownProvincesCountsEachUnmappedRawValueMostFrequentFirst() {
    Dataset<Row> customers = customers(
        customer("a1", "火星", null), customer("a2", "火星", null), customer("a3", "火星", null),
        customer("b1", null, null), customer("b2", null, null),
        customer("c1", "", null),
        customer("d1", "Atlantis", null),
        customer("g1", "广东", null), customer("g2", "广东", null), customer("g3", "Guangdong", null),
        customer("g4", "GD", null), customer("g5", "粤", null), customer("g6", "广东省", null));
    Dataset<Row> withRegion = RegionAssigner.withRegion(customers, CHINA.lookupTable(TestSpark.session()));

    assertSmallDataFrame(RegionAssigner.unknownProvinces(withRegion, 10), UNKNOWN_PROVINCES, List.of(
        RowFactory.create("火星", 3L),
        RowFactory.create(null, 2L),
        RowFactory.create("", 1L),
        RowFactory.create("Atlantis", 1L)));
    assertSmallDataFrame(RegionAssigner.unknownProvinces(withRegion, 2), UNKNOWN_PROVINCES, List.of(
        RowFactory.create("火星", 3L),
        RowFactory.create(null, 2L)));
  }

  @Test
  void unknownProvincesNeedsAPositiveLimit() {
    Dataset<Row> withRegion = RegionAssigner.withRegion(customers(customer("c1", "广东", null)),
        CHINA.lookupTable(TestSpark.session()));

    assertThatThrownBy(() -> RegionAssigner.unknownProvinces(withRegion, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("top must be at least 1, got: 0");
  }

  /** Shouted the way source systems do; non-ASCII letters are outside the normalisation rule, so kept as is. */
  private static String asciiUpperCase(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().forEach(c -> out.append((char) (c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c)));
    return out.toString();
  }

  private static Row customer(String id, String provinceRaw, String city) {
    return RowFactory.create(id, provinceRaw, city);
  }

  private static Dataset<Row> customers(Row... rows) {
    return TestSpark.session().createDataFrame(List.of(rows), CUSTOMERS);
  }

  private static Row mapped(String id, String provinceRaw, String city, String province, String provinceCode,
      String regionCode, String regionName, String zone) {
    return RowFactory.create(id, provinceRaw, city, province, provinceCode, regionCode, regionName, zone);
  }

  private static Row unknown(String id, String provinceRaw, String city) {
    return mapped(id, provinceRaw, city, null, RegionColumns.UNKNOWN, RegionColumns.UNKNOWN,
        RegionAssigner.UNKNOWN_REGION_NAME, null);
  }

  /** Schema and rows, in the dataset's order. */
  private static void assertSmallDataFrame(Dataset<Row> actual, StructType schema, List<Row> expected) {
    assertThat(actual.schema()).isEqualTo(schema);
    assertThat(actual.collectAsList()).containsExactlyElementsOf(expected);
  }
}
