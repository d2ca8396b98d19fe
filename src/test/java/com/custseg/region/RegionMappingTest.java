package com.custseg.region;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.custseg.config.ConfigException;
import com.custseg.region.RegionMapping.Division;
import com.custseg.region.RegionMapping.Region;
import com.custseg.region.RegionMapping.Zone;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionMappingTest {
  static final Path CHINA = Path.of("conf/regions/china.conf");
  static final Path EUROPE = Path.of("conf/regions/europe.conf");

  /** The geography the shipped file must encode, written down independently of it. */
  private static final Map<String, String> CHINA_REGION_OF = Map.ofEntries(
      entry("BJ", "north"), entry("TJ", "north"), entry("HE", "north"), entry("SX", "north"), entry("NM", "north"),
      entry("LN", "northeast"), entry("JL", "northeast"), entry("HL", "northeast"),
      entry("SH", "east"), entry("JS", "east"), entry("ZJ", "east"), entry("AH", "east"), entry("FJ", "east"),
      entry("JX", "east"), entry("SD", "east"), entry("TW", "east"),
      entry("HA", "central"), entry("HB", "central"), entry("HN", "central"),
      entry("GD", "south"), entry("GX", "south"), entry("HI", "south"), entry("HK", "south"), entry("MO", "south"),
      entry("CQ", "southwest"), entry("SC", "southwest"), entry("GZ", "southwest"), entry("YN", "southwest"),
      entry("XZ", "southwest"),
      entry("SN", "northwest"), entry("GS", "northwest"), entry("QH", "northwest"), entry("NX", "northwest"),
      entry("XJ", "northwest"));

  private static final Map<String, String> CHINA_ZONE_OF = Map.ofEntries(
      entry("BJ", "jjj"), entry("TJ", "jjj"), entry("HE", "jjj"),
      entry("SH", "yrd"), entry("JS", "yrd"), entry("ZJ", "yrd"), entry("AH", "yrd"),
      entry("GD", "prd"), entry("HK", "prd"), entry("MO", "prd"),
      entry("CQ", "chengyu"), entry("SC", "chengyu"));

  @TempDir
  Path tmp;

  // --- the shipped China mapping ---

  @Test
  void chinaHasAll34ProvincialDivisionsEachInItsGeographicRegion() {
    RegionMapping china = RegionMapping.load(CHINA);

    Map<String, String> regionOf = china.divisions().stream()
        .collect(Collectors.toMap(Division::code, Division::region));
    assertThat(china.divisions()).hasSize(34);
    assertThat(regionOf).isEqualTo(CHINA_REGION_OF);
  }

  @Test
  void chinaHasTheSevenGeographicRegions() {
    RegionMapping china = RegionMapping.load(CHINA);

    assertThat(china.regions()).extracting(Region::code, Region::name).containsExactly(
        tuple("north", "华北"),
        tuple("northeast", "东北"),
        tuple("east", "华东"),
        tuple("central", "华中"),
        tuple("south", "华南"),
        tuple("southwest", "西南"),
        tuple("northwest", "西北"));
    assertThat(china.region("south").nameEn()).contains("South China");
  }

  @Test
  void chinaEconomicZonesCoverExactlyTheirMemberProvinces() {
    RegionMapping china = RegionMapping.load(CHINA);

    assertThat(china.zones()).extracting(Zone::code).containsExactly("jjj", "yrd", "prd", "chengyu");
    assertThat(china.zones()).extracting(Zone::name).containsExactly("京津冀", "长三角", "珠三角", "成渝");
    Map<String, String> zoneOf = china.divisions().stream().filter(d -> d.zone().isPresent())
        .collect(Collectors.toMap(Division::code, d -> d.zone().get()));
    assertThat(zoneOf).isEqualTo(CHINA_ZONE_OF);
  }

  @Test
  void chinaResolvesOfficialShortPinyinAndOneCharacterSpellings() {
    RegionMapping china = RegionMapping.load(CHINA);
    Map<String, String> expected = Map.ofEntries(
        entry("广西壮族自治区", "GX"), entry("广西", "GX"), entry("Guangxi", "GX"), entry("桂", "GX"),
        entry("内蒙古自治区", "NM"), entry("内蒙古", "NM"), entry("Inner Mongolia", "NM"), entry("Nei Mongol", "NM"),
        entry("新疆维吾尔自治区", "XJ"), entry("香港特别行政区", "HK"), entry("Hong Kong", "HK"),
        entry("Macau", "MO"), entry("Macao", "MO"), entry("Tibet", "XZ"), entry("Xizang", "XZ"),
        entry("Shaanxi", "SN"), entry("Shanxi", "SX"), entry("粤", "GD"), entry("沪", "SH"),
        entry("gd", "GD"), entry("上海市", "SH"));

    expected.forEach((raw, code) ->
        assertThat(china.resolve(raw)).as(raw).map(Division::code).contains(code));
    assertThat(china.resolve("火星")).isEmpty();
    assertThat(china.resolve(null)).isEmpty();
  }

  @Test
  void everyDivisionMatchesItsOwnNameAndCodeWithoutListingThem() {
    RegionMapping china = RegionMapping.load(CHINA);

    for (Division division : china.divisions()) {
      assertThat(china.resolve(division.name())).as(division.name()).contains(division);
      assertThat(china.resolve(division.code())).as(division.code()).contains(division);
    }
  }

  // --- the shipped Europe mapping: same format, other geography ---

  @Test
  void europeMapsCountriesToRetailRegionsWithTheEuAsZone() {
    RegionMapping europe = RegionMapping.load(EUROPE);

    assertThat(europe.regions()).extracting(Region::code).containsExactly("uk_ireland", "western_europe",
        "northern_europe", "southern_europe", "central_eastern_europe", "rest_of_world");
    assertThat(europe.zones()).extracting(Zone::code).containsExactly("eu");
    for (String raw : List.of("United Kingdom", "UK", "GB", "Great Britain", "England")) {
      assertThat(europe.resolve(raw)).as(raw).map(Division::code).contains("GB");
    }
    assertThat(europe.resolve("EIRE")).map(Division::code).contains("IE");
    assertThat(europe.resolve("EIRE")).map(Division::zone).contains(Optional.of("eu"));
    assertThat(europe.resolve("RSA")).map(Division::region).contains("rest_of_world");
    assertThat(europe.resolve("Channel Islands")).map(Division::region).contains("uk_ireland");
    assertThat(europe.resolve("Switzerland")).map(Division::zone).contains(Optional.empty());
    assertThat(europe.resolve("Unspecified")).isEmpty();
    assertThat(europe.unknownName()).isEqualTo("Unknown");
    assertThat(RegionMapping.load(CHINA).unknownName()).isEqualTo("未知");
  }

  // --- the lookup table handed to Spark ---

  @Test
  void lookupTableHasOneRowPerAliasKeyCarryingTheOutputColumns() {
    RegionMapping china = RegionMapping.load(CHINA);

    Dataset<Row> lookup = china.lookupTable(TestSpark.session());
    List<Row> rows = lookup.collectAsList();

    assertThat(lookup.schema()).isEqualTo(RegionMapping.LOOKUP_SCHEMA);
    assertThat(rows).hasSize(china.aliasKeys().size());
    assertThat(rows).extracting(r -> r.getString(0)).doesNotHaveDuplicates();
    Map<String, Row> byKey = rows.stream().collect(Collectors.toMap(r -> r.getString(0), Function.identity()));
    assertThat(byKey.get("广东省")).isEqualTo(RowFactory.create("广东省", "广东省", "GD", "south", "华南", "prd"));
    assertThat(byKey.get("gd")).isEqualTo(RowFactory.create("gd", "广东省", "GD", "south", "华南", "prd"));
    assertThat(byKey.get("innermongolia"))
        .isEqualTo(RowFactory.create("innermongolia", "内蒙古自治区", "NM", "north", "华北", null));
  }

  // --- errors: each names the file and the offending entry ---

  @Test
  void missingFileIsAnErrorNamingThePath() {
    Path missing = tmp.resolve("nowhere.conf");

    assertThatThrownBy(() -> RegionMapping.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage("region mapping file not found: " + missing.toAbsolutePath());
  }

  @Test
  void malformedHoconIsAnErrorNamingTheFile() throws IOException {
    Path file = write("regions = [ { code = \"north\", name = \"华北\" ");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": not a valid mapping file: ");
  }

  @Test
  void divisionNamingAnUndefinedRegionIsAnError() throws IOException {
    Path file = mapping("{ code = \"GD\", name = \"广东省\", region = \"souht\" }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": division 'GD' names region 'souht', which is not among regions [north, south]");
  }

  @Test
  void divisionNamingAnUndefinedZoneIsAnError() throws IOException {
    Path file = mapping("{ code = \"GD\", name = \"广东省\", region = \"south\", zone = \"pdr\" }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": division 'GD' names zone 'pdr', which is not among zones [prd]");
  }

  @Test
  void aliasListedUnderTwoDivisionsIsAnErrorNamingTheAliasAndBoth() throws IOException {
    Path file = mapping(
        "{ code = \"SX\", name = \"山西省\", region = \"north\", aliases = [\"Shanxi\"] }",
        "{ code = \"SN\", name = \"陕西省\", region = \"north\", aliases = [\"Shanxi\"] }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": alias 'Shanxi' is listed under both division 'SX' and division 'SN'");
  }

  @Test
  void aliasesThatOnlyDifferInCaseOrSpacingCollideToo() throws IOException {
    Path file = mapping(
        "{ code = \"HK\", name = \"香港\", region = \"south\", aliases = [\"Hong Kong\"] }",
        "{ code = \"XG\", name = \"香港特别行政区\", region = \"south\", aliases = [\"HONGKONG\"] }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": alias 'HONGKONG' is listed under both division 'HK' and division 'XG'"
            + " (as 'Hong Kong' and 'HONGKONG', which normalise to 'hongkong')");
  }

  @Test
  void aliasRepeatedWithinOneDivisionIsHarmless() throws IOException {
    Path file = mapping(
        "{ code = \"GD\", name = \"广东省\", region = \"south\", aliases = [\"GD\", \"Guangdong\", \"GUANGDONG\"] }");

    RegionMapping mapping = RegionMapping.load(file);

    assertThat(mapping.aliasKeys()).containsExactly(entry("广东省", "GD"), entry("gd", "GD"), entry("guangdong", "GD"));
  }

  @Test
  void blankAliasIsAnError() throws IOException {
    Path file = mapping("{ code = \"GD\", name = \"广东省\", region = \"south\", aliases = [\"\u3000 \"] }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": division 'GD' has a blank alias '\u3000 '");
  }

  @Test
  void regionCodeMustBeAsciiBecauseItBecomesAPartitionFolder() throws IOException {
    Path file = write("regions = [ { code = \"华南\", name = \"华南\" } ]\n"
        + "divisions = [ { code = \"GD\", name = \"广东省\", region = \"华南\" } ]");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": region code '华南' must be ASCII letters, digits, '_' or '-' ([A-Za-z0-9_-]+)");
  }

  @Test
  void divisionCodeWithASpaceIsAnError() throws IOException {
    Path file = mapping("{ code = \"G D\", name = \"广东省\", region = \"south\" }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": division code 'G D' must be ASCII letters, digits, '_' or '-' ([A-Za-z0-9_-]+)");
  }

  @Test
  void zoneCodeMustBeAsciiToo() throws IOException {
    Path file = write("regions = [ { code = \"south\", name = \"华南\" } ]\n"
        + "zones = [ { code = \"珠三角\", name = \"珠三角\" } ]\n"
        + "divisions = [ { code = \"GD\", name = \"广东省\", region = \"south\" } ]");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": zone code '珠三角' must be ASCII letters, digits, '_' or '-' ([A-Za-z0-9_-]+)");
  }

  @Test
  void unknownIsReservedForUnmappedCustomers() throws IOException {
    Path file = write("regions = [ { code = \"unknown\", name = \"未知\" } ]\n"
        + "divisions = [ { code = \"GD\", name = \"广东省\", region = \"unknown\" } ]");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": region code 'unknown' is reserved for customers whose province matches no alias");
  }

  @Test
  void duplicateRegionCodeIsAnErrorNamingBothLines() throws IOException {
    Path file = write("regions = [\n"
        + "  { code = \"south\", name = \"华南\" }\n"
        + "  { code = \"south\", name = \"南方\" }\n"
        + "]\n"
        + "divisions = [ { code = \"GD\", name = \"广东省\", region = \"south\" } ]");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": region code 'south' is defined twice (lines 2 and 3)");
  }

  @Test
  void duplicateDivisionCodeIsAnError() throws IOException {
    Path file = mapping(
        "{ code = \"GD\", name = \"广东省\", region = \"south\" }",
        "{ code = \"GD\", name = \"广西壮族自治区\", region = \"south\" }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": division code 'GD' is defined twice (lines 4 and 5)");
  }

  @Test
  void duplicateZoneCodeIsAnError() throws IOException {
    Path file = write("regions = [ { code = \"south\", name = \"华南\" } ]\n"
        + "zones = [\n"
        + "  { code = \"prd\", name = \"珠三角\" }\n"
        + "  { code = \"prd\", name = \"珠江三角洲\" }\n"
        + "]\n"
        + "divisions = [ { code = \"GD\", name = \"广东省\", region = \"south\" } ]");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": zone code 'prd' is defined twice (lines 3 and 4)");
  }

  @Test
  void entryWithoutACodeIsAnErrorNamingItsPosition() throws IOException {
    Path file = mapping(
        "{ code = \"GD\", name = \"广东省\", region = \"south\" }",
        "{ name = \"广西壮族自治区\", region = \"south\" }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": divisions[1] (line 5) needs 'code'");
  }

  @Test
  void divisionWithoutARegionIsAnError() throws IOException {
    Path file = mapping("{ code = \"GD\", name = \"广东省\" }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": division 'GD' needs 'region'");
  }

  @Test
  void misspelledKeyIsAnErrorRatherThanSilentlyIgnored() throws IOException {
    Path file = mapping("{ code = \"GD\", name = \"广东省\", region = \"south\", zoen = \"prd\" }");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": division 'GD' has unknown key 'zoen'; known keys: code, name, region, zone, aliases");
  }

  @Test
  void missingDivisionsListIsAnError() throws IOException {
    Path file = write("regions = [ { code = \"south\", name = \"华南\" } ]");

    assertThatThrownBy(() -> RegionMapping.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": needs a list 'divisions'");
  }

  /** A valid file around the given division entries: regions north and south, zone prd; divisions from line 4. */
  private Path mapping(String... divisions) throws IOException {
    return write("regions = [ { code = \"north\", name = \"华北\" }, { code = \"south\", name = \"华南\" } ]\n"
        + "zones = [ { code = \"prd\", name = \"珠三角\" } ]\n"
        + "divisions = [\n"
        + String.join("\n", divisions) + "\n"
        + "]\n");
  }

  private Path write(String hocon) throws IOException {
    return Files.writeString(Files.createTempFile(tmp, "mapping", ".conf"), hocon, StandardCharsets.UTF_8);
  }
}
