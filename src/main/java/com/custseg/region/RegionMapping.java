package com.custseg.region;

import com.custseg.config.ConfigException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which province (or country) a raw spelling names, and which region and economic zone that division belongs to,
 * as read from a mapping file in {@code conf/regions/} (the comment at the top of {@code china.conf} documents the
 * format). Loaded and validated on the driver before any Spark job, so a typo in the file fails in milliseconds
 * with the file and the offending entry; the data reaches the executors only as the small {@link #lookupTable}.
 */
public final class RegionMapping {
  private static final Logger LOG = LoggerFactory.getLogger(RegionMapping.class);

  /** Column of {@link #lookupTable} holding the normalised alias (see {@link ProvinceNormalizer}). */
  public static final String ALIAS_KEY = "alias_key";
  /** Top-level key of a mapping file: the display name of the region of unmatched provinces. */
  public static final String UNKNOWN_NAME = "unknown-name";

  /** Schema of {@link #lookupTable}: one row per alias key, carrying the columns the assigner adds. */
  public static final StructType LOOKUP_SCHEMA = new StructType()
      .add(ALIAS_KEY, DataTypes.StringType, false)
      .add(RegionColumns.PROVINCE, DataTypes.StringType, false)
      .add(RegionColumns.PROVINCE_CODE, DataTypes.StringType, false)
      .add(RegionColumns.REGION_CODE, DataTypes.StringType, false)
      .add(RegionColumns.REGION_NAME, DataTypes.StringType, false)
      .add(RegionColumns.ECONOMIC_ZONE, DataTypes.StringType, true);

  /** Codes end up as partition folder names and in SQL filters, hence plain ASCII. */
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]+");
  private static final List<String> TOP_LEVEL_KEYS = List.of("regions", "zones", "divisions", UNKNOWN_NAME);
  private static final List<String> REGION_KEYS = List.of("code", "name", "name-en");
  private static final List<String> ZONE_KEYS = List.of("code", "name", "name-en");
  private static final List<String> DIVISION_KEYS = List.of("code", "name", "region", "zone", "aliases");

  /** A group customers are reported and partitioned by, e.g. south / 华南. */
  public record Region(String code, String name, Optional<String> nameEn) {
    public Region {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(nameEn, "nameEn");
    }
  }

  /** An economic zone cutting across regions, e.g. prd / 珠三角. */
  public record Zone(String code, String name, Optional<String> nameEn) {
    public Zone {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(nameEn, "nameEn");
    }
  }

  /**
   * A province (or country) the raw data names.
   *
   * @param region code of its {@link Region}
   * @param zone code of its {@link Zone}, if any
   * @param aliases the spellings listed in the file, as written; the name and the code match too
   */
  public record Division(String code, String name, String region, Optional<String> zone, List<String> aliases) {
    public Division {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(zone, "zone");
      aliases = List.copyOf(aliases);
    }

    /** Every spelling that maps to this division: the name, the code, then the listed aliases. */
    public List<String> spellings() {
      List<String> all = new ArrayList<>(aliases.size() + 2);
      all.add(name);
      all.add(code);
      all.addAll(aliases);
      return all;
    }
  }

  private final Path source;
  private final List<Region> regions;
  private final List<Zone> zones;
  private final List<Division> divisions;
  private final Map<String, Region> regionsByCode;
  private final Map<String, Division> divisionsByCode;
  /** Normalised alias -> division code, in file order. */
  private final Map<String, String> aliasKeys;
  private final String unknownName;

  private RegionMapping(Path source, List<Region> regions, List<Zone> zones, List<Division> divisions,
      Map<String, String> aliasKeys, String unknownName) {
    this.source = source;
    this.unknownName = unknownName;
    this.regions = List.copyOf(regions);
    this.zones = List.copyOf(zones);
    this.divisions = List.copyOf(divisions);
    this.regionsByCode = index(regions, Region::code);
    this.divisionsByCode = index(divisions, Division::code);
    this.aliasKeys = Collections.unmodifiableMap(new LinkedHashMap<>(aliasKeys));
  }

  /**
   * Reads and validates a mapping file.
   *
   * @throws ConfigException when the file is missing, is not valid HOCON, or breaks a rule of the format; the
   *     message names the file and the offending entry
   */
  public static RegionMapping load(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("region mapping file not found: " + file.toAbsolutePath());
    }
    Config root;
    try {
      root = ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF)).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(file + ": not a valid mapping file: " + e.getMessage(), e);
    }
    RegionMapping mapping;
    try {
      mapping = new Reader(file).read(root);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
    LOG.info("Region mapping {}: {} divisions in {} regions, {} zones, {} alias keys", file,
        mapping.divisions.size(), mapping.regions.size(), mapping.zones.size(), mapping.aliasKeys.size());
    return mapping;
  }

  /**
   * The region_name of customers whose province matched nothing: the file's {@code unknown-name}, or "unknown"
   * when it has none (china.conf says 未知).
   */
  public String unknownName() {
    return unknownName;
  }

  /** The file this mapping was read from. */
  public Path source() {
    return source;
  }

  /** Regions in file order. */
  public List<Region> regions() {
    return regions;
  }

  /** Economic zones in file order; empty when the file defines none. */
  public List<Zone> zones() {
    return zones;
  }

  /** Divisions in file order. */
  public List<Division> divisions() {
    return divisions;
  }

  /** The region with this code; the loader guarantees every division's region exists. */
  public Region region(String code) {
    Region region = regionsByCode.get(code);
    if (region == null) {
      throw new IllegalArgumentException("no region '" + code + "' in " + source + "; regions: "
          + regionsByCode.keySet());
    }
    return region;
  }

  /** Normalised alias key to division code, one entry per key, in file order. */
  public Map<String, String> aliasKeys() {
    return aliasKeys;
  }

  /** The division a raw value names, by the same rule the Spark join applies; empty when it names none. */
  public Optional<Division> resolve(String raw) {
    String key = ProvinceNormalizer.normalize(raw);
    return key == null ? Optional.empty() : Optional.ofNullable(aliasKeys.get(key)).map(divisionsByCode::get);
  }

  /**
   * The mapping as a small DataFrame with {@link #LOOKUP_SCHEMA}, to broadcast-join on the normalised raw value.
   * {@link #ALIAS_KEY} is unique, so the join never duplicates a customer.
   */
  public Dataset<Row> lookupTable(SparkSession spark) {
    List<Row> rows = new ArrayList<>(aliasKeys.size());
    aliasKeys.forEach((key, code) -> {
      Division division = divisionsByCode.get(code);
      Region region = regionsByCode.get(division.region());
      rows.add(RowFactory.create(key, division.name(), division.code(), region.code(), region.name(),
          division.zone().orElse(null)));
    });
    return spark.createDataFrame(rows, LOOKUP_SCHEMA);
  }

  private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> code) {
    Map<String, T> byCode = new LinkedHashMap<>();
    items.forEach(item -> byCode.put(code.apply(item), item));
    return Collections.unmodifiableMap(byCode);
  }

  /** Turns the parsed HOCON into validated records; every error names the file. */
  private static final class Reader {
    private final Path file;

    Reader(Path file) {
      this.file = file;
    }

    RegionMapping read(Config root) {
      checkKeys(root.root().keySet(), TOP_LEVEL_KEYS, "the top level");
      List<Region> regions = new ArrayList<>();
      Map<String, Integer> regionLines = new LinkedHashMap<>();
      for (Entry e : entries(root, "regions", true)) {
        String code = checkedCode(e, "region", REGION_KEYS, regionLines);
        regions.add(new Region(code, e.name("region '" + code + "'"), e.optional("name-en")));
      }
      List<Zone> zones = new ArrayList<>();
      Map<String, Integer> zoneLines = new LinkedHashMap<>();
      for (Entry e : entries(root, "zones", false)) {
        String code = checkedCode(e, "zone", ZONE_KEYS, zoneLines);
        zones.add(new Zone(code, e.name("zone '" + code + "'"), e.optional("name-en")));
      }
      List<Division> divisions = new ArrayList<>();
      Map<String, Integer> divisionLines = new LinkedHashMap<>();
      for (Entry e : entries(root, "divisions", true)) {
        String code = checkedCode(e, "division", DIVISION_KEYS, divisionLines);
        String what = "division '" + code + "'";
        String name = e.name(what);
        String region = e.required("region", what);
        if (!regionLines.containsKey(region)) {
          throw fail(what + " names region '" + region + "', which is not among regions " + regionLines.keySet());
        }
        Optional<String> zone = e.optional("zone");
        if (zone.isPresent() && !zoneLines.containsKey(zone.get())) {
          throw fail(what + " names zone '" + zone.get() + "', which is not among zones " + zoneLines.keySet());
        }
        List<String> aliases = e.config.hasPath("aliases") ? e.config.getStringList("aliases") : List.of();
        divisions.add(new Division(code, name, region, zone, aliases));
      }
      Map<String, String> aliasKeys = aliasKeys(divisions);
      warnEmptyRegions(regions, divisions);
      String unknownName = root.hasPath(UNKNOWN_NAME) ? root.getString(UNKNOWN_NAME).trim()
          : RegionColumns.UNKNOWN;
      if (unknownName.isEmpty()) {
        throw new ConfigException(file + ": " + UNKNOWN_NAME + " must not be blank");
      }
      return new RegionMapping(file, regions, zones, divisions, aliasKeys, unknownName);
    }

    /** Normalises every spelling; a key claimed by two divisions would make the join ambiguous. */
    private Map<String, String> aliasKeys(List<Division> divisions) {
      Map<String, String> owner = new LinkedHashMap<>();
      Map<String, String> firstSpelling = new LinkedHashMap<>();
      for (Division division : divisions) {
        for (String alias : division.spellings()) {
          String key = ProvinceNormalizer.normalize(alias);
          if (key.isEmpty()) {
            throw fail("division '" + division.code() + "' has a blank alias '" + alias + "'");
          }
          String other = owner.putIfAbsent(key, division.code());
          if (other != null && !other.equals(division.code())) {
            String first = firstSpelling.get(key);
            throw fail("alias '" + alias + "' is listed under both division '" + other + "' and division '"
                + division.code() + "'"
                + (first.equals(alias) ? "" : " (as '" + first + "' and '" + alias + "', which normalise to '"
                    + key + "')"));
          }
          firstSpelling.putIfAbsent(key, alias);
        }
      }
      return owner;
    }

    private void warnEmptyRegions(List<Region> regions, List<Division> divisions) {
      Set<String> used = new LinkedHashSet<>();
      divisions.forEach(d -> used.add(d.region()));
      regions.stream().filter(r -> !used.contains(r.code())).forEach(r ->
          LOG.warn("Region mapping {}: region '{}' has no divisions", file, r.code()));
    }

    private List<Entry> entries(Config root, String list, boolean required) {
      if (!root.hasPath(list)) {
        if (required) {
          throw fail("needs a list '" + list + "'");
        }
        return List.of();
      }
      ConfigValue value = root.getValue(list);
      if (!(value instanceof ConfigList items)) {
        throw fail("'" + list + "' must be a list of objects, got " + value.valueType());
      }
      if (required && items.isEmpty()) {
        throw fail("'" + list + "' is empty");
      }
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        ConfigValue item = items.get(i);
        String where = list + "[" + i + "] (line " + item.origin().lineNumber() + ")";
        if (item.valueType() != ConfigValueType.OBJECT) {
          throw fail(where + " must be an object { code = ..., name = ... }, got " + item.valueType());
        }
        entries.add(new Entry(((ConfigObject) item).toConfig(), where, item.origin().lineNumber()));
      }
      return entries;
    }

    /**
     * The entry's code, once its keys are known, it is plain ASCII, not reserved (region and division codes end up
     * in columns next to {@link RegionColumns#UNKNOWN}) and not seen before in {@code seen} (code -> line).
     */
    private String checkedCode(Entry e, String kind, List<String> knownKeys, Map<String, Integer> seen) {
      String code = e.code();
      checkKeys(e.config.root().keySet(), knownKeys, kind + " '" + code + "'");
      if (!CODE.matcher(code).matches()) {
        throw fail(kind + " code '" + code + "' must be ASCII letters, digits, '_' or '-' ([A-Za-z0-9_-]+)");
      }
      if (!kind.equals("zone") && code.equalsIgnoreCase(RegionColumns.UNKNOWN)) {
        throw fail(kind + " code '" + code + "' is reserved for customers whose province matches no alias");
      }
      Integer first = seen.putIfAbsent(code, e.line);
      if (first != null) {
        throw fail(kind + " code '" + code + "' is defined twice (lines " + first + " and " + e.line + ")");
      }
      return code;
    }

    private void checkKeys(Set<String> present, List<String> known, String what) {
      for (String key : present) {
        if (!known.contains(key)) {
          throw fail(what + " has unknown key '" + key + "'; known keys: " + String.join(", ", known));
        }
      }
    }

    private ConfigException fail(String message) {
      return new ConfigException(file + ": " + message);
    }

    /** One object of a list, with where it sits in the file for messages. */
    private final class Entry {
      final Config config;
      final String where;
      final int line;

      Entry(Config config, String where, int line) {
        this.config = config;
        this.where = where;
        this.line = line;
      }

      String code() {
        return required("code", where);
      }

      String name(String what) {
        return required("name", what);
      }

      String required(String key, String what) {
        if (!config.hasPath(key)) {
          throw fail(what + " needs '" + key + "'");
        }
        String value = config.getString(key).trim();
        if (value.isEmpty()) {
          throw fail(what + " has a blank '" + key + "'");
        }
        return value;
      }

      Optional<String> optional(String key) {
        return config.hasPath(key) ? Optional.of(config.getString(key).trim()).filter(s -> !s.isEmpty())
            : Optional.empty();
      }
    }
  }
}
