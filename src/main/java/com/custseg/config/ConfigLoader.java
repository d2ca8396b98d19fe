package com.custseg.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.BadValue;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * Layers the settings (reference.conf &lt; --config files in order &lt; command-line flags), checks them against
 * the reference and maps them into a validated {@link JobConfig}. Everything here runs before Spark starts, so a
 * typo fails in milliseconds with the key, the value and the file and line it came from.
 */
public final class ConfigLoader {
  private static final String ROOT = "segmentation";
  /** Sub-trees whose keys are the user's own (reader options, column mappings). */
  private static final Set<String> FREE_FORM = Set.of(
      "segmentation.input.customers.options", "segmentation.input.customers.columns",
      "segmentation.input.transactions.options", "segmentation.input.transactions.columns",
      "segmentation.input.transactions.currency.rates");
  /** Formats read from files, whose local paths are checked before Spark starts. */
  private static final Set<String> FILE_FORMATS = Set.of("csv", "parquet", "delta", "orc", "json");

  public static JobConfig load(JobArgs args) {
    return load(args, System::getenv);
  }

  /** As {@link #load(JobArgs)}, with the environment variables (the HMAC key) looked up in {@code environment}. */
  public static JobConfig load(JobArgs args, Function<String, String> environment) {
    return fromConfig(layered(args), environment);
  }

  /** The merged configuration, checked for unknown keys and wrong types. */
  public static Config layered(JobArgs args) {
    Config reference = ConfigFactory.defaultReference();
    Config merged = ConfigFactory.parseMap(args.overrides(), "command-line flags");
    for (int i = args.configFiles().size() - 1; i >= 0; i--) {
      Path file = args.configFiles().get(i);
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("config file not found: " + file.toAbsolutePath());
      }
      merged = merged.withFallback(ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false)));
    }
    rejectUnknownKeys(merged, reference);
    Config resolved = merged.withFallback(reference).resolve();
    try {
      resolved.checkValid(reference, ROOT);
    } catch (com.typesafe.config.ConfigException.ValidationFailed e) {
      throw new ConfigException("invalid configuration: " + e.getMessage(), e);
    }
    return resolved;
  }

  static JobConfig fromConfig(Config c, Function<String, String> environment) {
    try {
      return new JobConfig(
          parseAsOf(c),
          timeZone(c),
          c.getString("segmentation.spark.master"),
          c.getString("segmentation.spark.app-name"),
          source(c, "segmentation.input.customers"),
          source(c, "segmentation.input.transactions"),
          existingFile(c, "segmentation.regions.mapping-file"),
          c.getDouble("segmentation.quality.max-reject-ratio"),
          new RfmConfig(c.getInt("segmentation.rfm.bins"), c.getDouble("segmentation.rfm.relative-error"),
              scoreWithinRegion(c), c.getBoolean("segmentation.rfm.incremental")),
          rules(c, "segmentation.tiers", "tier"),
          segments(c, c.getInt("segmentation.rfm.bins")),
          rules(c, "segmentation.lifecycle", "lifecycle stage"),
          kmeans(c),
          new OutputConfig(c.getString("segmentation.output.path"), c.getInt("segmentation.output.keep-snapshots"),
              c.getDouble("segmentation.output.vacuum-retention-hours"),
              c.getString("segmentation.output.catalog-database"),
              OutputFormat.parse("segmentation.output.format", c.getString("segmentation.output.format"))),
          value(c),
          date(c, "segmentation.value.holdout.calibration-end"),
          UnknownCustomerPolicy.parse("segmentation.quality.unknown-customer",
              c.getString("segmentation.quality.unknown-customer")),
          Step.parse("segmentation.step", c.getString("segmentation.step")),
          configHash(c),
          privacy(c, environment));
    } catch (com.typesafe.config.ConfigException.WrongType | BadValue e) {
      throw new ConfigException("invalid configuration: " + e.getMessage(), e);
    }
  }

  private static ValueConfig value(Config c) {
    Config v = c.getConfig("segmentation.value");
    return new ValueConfig(
        v.getBoolean("enabled"),
        ValueConfig.TimeUnit.parse("segmentation.value.time-unit", v.getString("time-unit")),
        v.getLong("max-collected-rows"),
        v.getInt("max-evaluations"),
        v.getDouble("tolerance"),
        v.getIntList("horizons-days"),
        v.getInt("clv.months"),
        v.getDouble("clv.monthly-discount-rate"),
        v.getDouble("churn-risk.high-below"),
        v.getDouble("churn-risk.medium-below"),
        v.getInt("holdout.max-frequency-bucket"),
        v.getInt("max-series-terms"));
  }

  /** An optional date setting: "" is absent. */
  private static Optional<LocalDate> date(Config c, String key) {
    String value = c.getString(key).trim();
    try {
      return value.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(value));
    } catch (DateTimeParseException e) {
      throw new ConfigException(key + " must be a date YYYY-MM-DD, got: " + value + " ("
          + c.getValue(key).origin().description() + ")", e);
    }
  }

  private static PrivacyConfig privacy(Config c, Function<String, String> environment) {
    return PrivacyConfig.of(c.getStringList("segmentation.privacy.pii-columns"),
        PrivacyConfig.Mode.parse(c.getString("segmentation.privacy.mode")),
        c.getStringList("segmentation.privacy.phone-columns"),
        c.getString("segmentation.privacy.hash-key-env").trim(), environment);
  }

  private static Optional<LocalDate> parseAsOf(Config c) {
    String value = c.getString("segmentation.as-of").trim();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value));
    } catch (DateTimeParseException e) {
      throw new ConfigException("segmentation.as-of must be a date YYYY-MM-DD, got: " + value
          + " (" + c.getValue("segmentation.as-of").origin().description() + ")");
    }
  }

  private static boolean scoreWithinRegion(Config c) {
    String value = c.getString("segmentation.rfm.score-within");
    return switch (value) {
      case "national" -> false;
      case "region" -> true;
      default -> throw new ConfigException(
          "segmentation.rfm.score-within must be national or region, got: " + value);
    };
  }

  private static KMeansConfig kmeans(Config c) {
    String k = c.getString("segmentation.kmeans.k").trim();
    int fixedK;
    if (k.equals("auto")) {
      fixedK = KMeansConfig.AUTO;
    } else {
      try {
        fixedK = Integer.parseInt(k);
      } catch (NumberFormatException e) {
        throw new ConfigException("segmentation.kmeans.k must be auto or a whole number, got: " + k
            + " (" + c.getValue("segmentation.kmeans.k").origin().description() + ")");
      }
      if (fixedK < 2) {
        throw new ConfigException("segmentation.kmeans.k must be at least 2, got: " + fixedK);
      }
    }
    List<String> features = c.getStringList("segmentation.kmeans.features").stream().map(String::trim).toList();
    for (int i = 0; i < features.size(); i++) {
      if (!features.get(i).isEmpty()) {
        checkExpression("segmentation.kmeans.features[" + i + "]", features.get(i));
      }
    }
    return new KMeansConfig(fixedK, c.getInt("segmentation.kmeans.k-min"), c.getInt("segmentation.kmeans.k-max"),
        c.getInt("segmentation.kmeans.sample-size"), c.getInt("segmentation.kmeans.fit-sample-size"), features,
        c.getDouble("segmentation.kmeans.clip-lower"), c.getDouble("segmentation.kmeans.clip-upper"), c.getLong("segmentation.kmeans.seed"),
        c.getInt("segmentation.kmeans.max-iter"), c.getDouble("segmentation.kmeans.tol"),
        c.getString("segmentation.kmeans.score-with"), c.getStringList("segmentation.kmeans.crosstab-dimensions"));
  }

  private static SourceConfig source(Config c, String key) {
    Config s = c.getConfig(key);
    String format = s.getString("format");
    String path = s.getString("path");
    if (FILE_FORMATS.contains(format) && isLocalPath(path) && !Files.exists(Path.of(stripFileScheme(path)))) {
      throw new ConfigException(key + ".path: input not found: " + path
          + " (" + s.getValue("path").origin().description() + ")");
    }
    Map<String, String> columns = new LinkedHashMap<>();
    s.getConfig("columns").entrySet().forEach(e -> {
      String expr = String.valueOf(e.getValue().unwrapped()).trim();
      if (!expr.isEmpty()) {
        checkExpression(key + ".columns." + e.getKey(), expr);
        columns.put(e.getKey(), expr);
      }
    });
    String returnWhen = s.hasPath("return-when") ? s.getString("return-when").trim() : "";
    if (!returnWhen.isEmpty()) {
      checkExpression(key + ".return-when", returnWhen);
    }
    return new SourceConfig(key, format, path, stringMap(s.getConfig("options")), columns,
        s.hasPath("date-format") ? s.getString("date-format") : "yyyy-MM-dd",
        s.hasPath("timestamp-format") ? s.getString("timestamp-format") : "yyyy-MM-dd HH:mm:ss",
        returnWhen, currency(s, key), s.hasPath("password-env") ? s.getString("password-env").trim() : "");
  }

  private static SourceConfig.Currency currency(Config s, String key) {
    if (!s.hasPath("currency")) {
      return SourceConfig.Currency.NONE;
    }
    Map<String, java.math.BigDecimal> rates = new LinkedHashMap<>();
    s.getConfig("currency.rates").root().forEach((code, value) -> {
      try {
        rates.put(code.trim().toUpperCase(java.util.Locale.ROOT), new java.math.BigDecimal(
            String.valueOf(value.unwrapped())));
      } catch (NumberFormatException e) {
        throw new ConfigException(key + ".currency.rates." + code + " must be a number, got: " + value.unwrapped()
            + " (" + value.origin().description() + ")");
      }
    });
    return new SourceConfig.Currency(s.getString("currency.base").trim().toUpperCase(java.util.Locale.ROOT), rates);
  }

  /** SHA-256 (hex) of the settings as resolved, keys sorted, leaving out the per-run as-of and step. */
  static String configHash(Config c) {
    String canonical = c.getConfig(ROOT).withoutPath("as-of").withoutPath("step").root()
        .render(com.typesafe.config.ConfigRenderOptions.concise());
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String timeZone(Config c) {
    String value = c.getString("segmentation.time-zone");
    try {
      java.time.ZoneId.of(value);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException("segmentation.time-zone must be a time zone id like Asia/Shanghai, got: " + value);
    }
    return value;
  }

  /**
   * A list of condition rules ending with its default: tiers and lifecycle stages.
   *
   * @param kind how errors name a rule, e.g. "tier 'vip'"
   */
  private static List<TierRule> rules(Config c, String key, String kind) {
    List<TierRule> rules = new ArrayList<>();
    List<? extends Config> list = c.getConfigList(key + ".rules");
    for (int i = 0; i < list.size(); i++) {
      Config rule = list.get(i);
      String where = key + ".rules[" + i + "]";
      requireOnly(rule, where, List.of("code", "name", "when"), List.of("code", "name", "when"));
      String code = rule.getString("code");
      String when = rule.getString("when").trim();
      if (when.isEmpty()) {
        throw new ConfigException(where + " (" + kind + " '" + code + "') has an empty condition; only the default"
            + " has none");
      }
      checkExpression(kind + " '" + code + "' (" + where + ".when)", when);
      rules.add(named(where, () -> new TierRule(code, rule.getString("name"), when)));
    }
    rules.add(named(key + ".default", () -> new TierRule(c.getString(key + ".default.code"),
        c.getString(key + ".default.name"), "")));
    List<String> seen = new ArrayList<>();
    for (TierRule rule : rules) {
      if (seen.contains(rule.code())) {
        throw new ConfigException(key + ": " + kind + " code '" + rule.code() + "' is used twice");
      }
      seen.add(rule.code());
    }
    return rules;
  }

  /** The RFM segment rules, checked over every score combination of {@code bins}. */
  private static RfmSegmentRules segments(Config c, int bins) {
    String key = "segmentation.segments";
    List<SegmentRule> rules = new ArrayList<>();
    List<? extends Config> list = c.getConfigList(key + ".rules");
    for (int i = 0; i < list.size(); i++) {
      Config rule = list.get(i);
      String where = key + ".rules[" + i + "]";
      requireOnly(rule, where, List.of("code", "name"), List.of("code", "name", "r", "f", "m"));
      List<ScoreRange> ranges = new ArrayList<>();
      for (String score : List.of("r", "f", "m")) {
        ranges.add(rule.hasPath(score) ? ScoreRange.parse(rule.getString(score), where + "." + score)
            : new ScoreRange(1, bins));
      }
      int number = i + 1;
      rules.add(new SegmentRule(number, rule.getString("code"), rule.getString("name"), ranges.get(0),
          ranges.get(1), ranges.get(2)));
    }
    String defaultCode = c.getString(key + ".default.code").trim();
    Optional<TierRule> fallback = defaultCode.isEmpty() ? Optional.empty()
        : Optional.of(named(key + ".default", () -> new TierRule(defaultCode, c.getString(key + ".default.name"),
            "")));
    TierRule noScores = named(key + ".no-scores", () -> new TierRule(c.getString(key + ".no-scores.code"),
        c.getString(key + ".no-scores.name"), ""));
    return new RfmSegmentRules(rules, fallback, noScores, bins);
  }

  /** Rule entries sit inside lists, where the unknown-key check does not reach: check their fields here. */
  private static void requireOnly(Config rule, String where, List<String> required, List<String> allowed) {
    for (String field : required) {
      if (!rule.hasPath(field)) {
        throw new ConfigException(where + " needs '" + field + "' (" + rule.origin().description() + ")");
      }
    }
    for (String field : rule.root().keySet()) {
      if (!allowed.contains(field)) {
        throw new ConfigException(where + " has an unknown field '" + field + "' (" + rule.origin().description()
            + "); a rule takes " + String.join(", ", allowed));
      }
    }
  }

  private static TierRule named(String where, java.util.function.Supplier<TierRule> rule) {
    try {
      return rule.get();
    } catch (ConfigException e) {
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
  }

  /** Syntax check only: whether the columns exist is checked against the real schema before any Spark job. */
  private static void checkExpression(String what, String expr) {
    try {
      CatalystSqlParser$.MODULE$.parseExpression(expr);
    } catch (Exception e) { // ParseException is thrown undeclared by Scala code
      throw new ConfigException(what + " is not a valid Spark SQL expression: " + expr + "\n" + e.getMessage(), e);
    }
  }

  private static Path existingFile(Config c, String key) {
    Path path = Path.of(c.getString(key));
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(key + ": file not found: " + path.toAbsolutePath()
          + " (" + c.getValue(key).origin().description() + ")");
    }
    return path;
  }

  private static void rejectUnknownKeys(Config user, Config reference) {
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(ROOT + ".") || FREE_FORM.stream().anyMatch(f -> key.startsWith(f + "."))) {
        continue;
      }
      if (!reference.hasPathOrNull(key) && !isInsideList(reference, key)) {
        throw new ConfigException("unknown config key " + key + " (" + e.getValue().origin().description()
            + "); see conf/application.conf for the keys the job knows");
      }
    }
  }

  private static boolean isInsideList(Config reference, String key) {
    for (String prefix = key; prefix.contains("."); prefix = prefix.substring(0, prefix.lastIndexOf('.'))) {
      if (reference.hasPath(prefix) && reference.getValue(prefix) instanceof com.typesafe.config.ConfigList) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> stringMap(Config c) {
    ConfigObject root = c.root();
    Map<String, String> map = new LinkedHashMap<>();
    root.forEach((k, v) -> map.put(k, String.valueOf(v.unwrapped())));
    return map;
  }

  private static boolean isLocalPath(String path) {
    return !path.contains("://") || path.startsWith("file:");
  }

  private static String stripFileScheme(String path) {
    return path.startsWith("file://") ? path.substring("file://".length())
        : path.startsWith("file:") ? path.substring("file:".length()) : path;
  }

  private ConfigLoader() {}
}
