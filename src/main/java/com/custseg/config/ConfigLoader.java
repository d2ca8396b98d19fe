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
  private static final String ROOT = JobConfig.ROOT;
  /** Sub-trees whose keys are the user's own (reader options, column mappings). */
  private static final Set<String> FREE_FORM = Set.of(
      SourceConfig.CUSTOMERS + ".options", SourceConfig.CUSTOMERS + ".columns",
      SourceConfig.TRANSACTIONS + ".options", SourceConfig.TRANSACTIONS + ".columns",
      SourceConfig.TRANSACTIONS + ".currency.rates",
      InteractionsConfig.KEY + ".options", InteractionsConfig.KEY + ".columns", InteractionsConfig.CHANNEL_ALIASES,
      FeedbackConfig.KEY + ".options", FeedbackConfig.KEY + ".columns");
  /** Formats read from files, whose local paths are checked before Spark starts. */
  private static final Set<String> FILE_FORMATS = Set.of("csv", "parquet", "delta", "orc", "json");
  private static final String UNKNOWN_KEY = "unknown config key ";

  public static JobConfig load(JobArgs args) {
    return load(args, System::getenv);
  }

  /** As {@link #load(JobArgs)}, with the environment variables (the HMAC key) looked up in {@code environment}. */
  public static JobConfig load(JobArgs args, Function<String, String> environment) {
    return checked(args, environment);
  }

  /** The merged configuration, checked for unknown keys and wrong types (all of them reported at once). */
  public static Config layered(JobArgs args) {
    ConfigErrors errors = new ConfigErrors();
    Config resolved = layered(args, errors);
    errors.throwIfAny();
    return resolved;
  }

  /** As {@link #layered(JobArgs)}, adding unknown keys and wrong types to {@code errors} instead of throwing. */
  private static Config layered(JobArgs args, ConfigErrors errors) {
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
    rejectUnknownKeys(merged, reference, errors);
    Config resolved = merged.withFallback(reference).resolve();
    try {
      resolved.checkValid(reference, ROOT);
    } catch (com.typesafe.config.ConfigException.ValidationFailed e) {
      for (var problem : e.problems()) {
        errors.add("invalid configuration: " + problem.origin().description() + ": " + problem.path() + ": "
            + problem.problem(), problem.origin());
      }
    }
    return resolved;
  }

  /** Every setting mapped and checked; all the errors found are reported together, in file order. */
  private static JobConfig checked(JobArgs args, Function<String, String> environment) {
    ConfigErrors errors = new ConfigErrors();
    Config c = layered(args, errors);
    if (!errors.isEmpty() && !unknownKeysOnly(errors)) {
      errors.throwIfAny(); // wrong types: the checks below would only repeat them
    }
    return fromConfig(c, environment, errors);
  }

  static JobConfig fromConfig(Config c, Function<String, String> environment) {
    return fromConfig(c, environment, new ConfigErrors());
  }

  private static JobConfig fromConfig(Config c, Function<String, String> environment, ConfigErrors errors) {
    var asOf = errors.attempt(c, () -> parseAsOf(c));
    var timeZone = errors.attempt(c, () -> timeZone(c));
    var customers = errors.attempt(c, () -> source(c, SourceConfig.CUSTOMERS));
    var transactions = errors.attempt(c, () -> source(c, SourceConfig.TRANSACTIONS));
    var regions = errors.attempt(c, () -> existingFile(c, JobConfig.REGIONS_MAPPING_FILE));
    var rfm = errors.attempt(c, () -> new RfmConfig(c.getInt(RfmConfig.BINS), c.getDouble(RfmConfig.RELATIVE_ERROR),
        scoreWithinRegion(c), c.getBoolean(RfmConfig.INCREMENTAL)));
    var tiers = errors.attempt(c, () -> rules(c, JobConfig.TIERS, "tier", errors));
    var segments = errors.attempt(c, () -> segments(c, c.getInt(RfmConfig.BINS)));
    var lifecycle = errors.attempt(c, () -> rules(c, JobConfig.LIFECYCLE, "lifecycle stage", errors));
    var kmeans = errors.attempt(c, () -> kmeans(c));
    var output = errors.attempt(c, () -> new OutputConfig(c.getString(OutputConfig.PATH),
        c.getInt(OutputConfig.KEEP_SNAPSHOTS), c.getDouble(OutputConfig.VACUUM_RETENTION_HOURS),
        c.getString(OutputConfig.CATALOG_DATABASE), enumSetting(c, OutputFormat.class, OutputConfig.FORMAT),
        c.getInt(OutputConfig.LOCK_TIMEOUT_MINUTES)));
    var value = errors.attempt(c, () -> value(c));
    var calibrationEnd = errors.attempt(c, () -> date(c, JobConfig.CALIBRATION_END));
    var unknownCustomers = errors.attempt(c, () -> enumSetting(c, UnknownCustomerPolicy.class,
        JobConfig.UNKNOWN_CUSTOMER));
    var step = errors.attempt(c, () -> enumSetting(c, Step.class, JobConfig.STEP));
    var privacy = errors.attempt(c, () -> privacy(c, environment));
    var worklists = errors.attempt(c, () -> WorklistConfigLoader.load(c));
    var smallInput = errors.attempt(c, () -> new SmallInputConfig(c.getBytes(SmallInputConfig.MAX_BYTES),
        c.getInt(SmallInputConfig.SHUFFLE_PARTITIONS)));
    var cleaning = errors.attempt(c, () -> cleaning(c));
    var recommendations = errors.attempt(c, () -> new RecommendConfig(c.getBoolean(RecommendConfig.ENABLED),
        c.getInt(RecommendConfig.TOP_N), c.getInt(RecommendConfig.MIN_SUPPORT),
        c.getInt(RecommendConfig.MIN_ITEM_CUSTOMERS),
        enumSetting(c, RecommendConfig.Strength.class, RecommendConfig.STRENGTH),
        c.getInt(RecommendConfig.LOOKBACK_DAYS), c.getInt(RecommendConfig.RANK), c.getDouble(RecommendConfig.REG_PARAM),
        c.getDouble(RecommendConfig.ALPHA), c.getInt(RecommendConfig.MAX_ITER), c.getLong(RecommendConfig.SEED),
        enumSetting(c, RecommendConfig.Use.class, RecommendConfig.USE),
        enumSetting(c, RecommendConfig.Item.class, RecommendConfig.ITEM)));
    var interactions = errors.attempt(c, () -> interactions(c));
    var feedback = errors.attempt(c, () -> feedback(c));
    var loyalty = errors.attempt(c, () -> rules(c, JobConfig.LOYALTY, "loyalty level", errors));
    var motive = errors.attempt(c, () -> rules(c, JobConfig.MOTIVE, "buying motive", errors));
    errors.throwIfAny();
    return new JobConfig(asOf, timeZone, c.getString(JobConfig.SPARK_MASTER), c.getString(JobConfig.SPARK_APP_NAME),
        customers, transactions, regions, c.getDouble(JobConfig.MAX_REJECT_RATIO), rfm, tiers, segments,
        lifecycle, kmeans, output, value, calibrationEnd, unknownCustomers, step, configHash(c), privacy, worklists,
        smallInput, cleaning, recommendations, interactions, feedback, loyalty, motive);
  }

  private static boolean unknownKeysOnly(ConfigErrors errors) {
    return errors.messages().stream().allMatch(m -> m.startsWith(UNKNOWN_KEY));
  }

  /** {@code duplicates} is drop-exact, keep, or the list of columns that identify a line. */
  private static CleaningConfig cleaning(Config c) {
    ConfigValue duplicates = c.getValue(CleaningConfig.DUPLICATES);
    CleaningConfig.Duplicates policy;
    if (duplicates.valueType() == com.typesafe.config.ConfigValueType.LIST) {
      policy = new CleaningConfig.Duplicates(CleaningConfig.Duplicates.Mode.KEY,
          c.getStringList(CleaningConfig.DUPLICATES).stream().map(String::trim).toList());
    } else {
      String mode = c.getString(CleaningConfig.DUPLICATES).trim();
      // --set gives text: "[order_id, category]" is the list written on a command line.
      policy = mode.startsWith("[") && mode.endsWith("]") ? new CleaningConfig.Duplicates(
          CleaningConfig.Duplicates.Mode.KEY, java.util.Arrays.stream(mode.substring(1, mode.length() - 1)
              .split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList()) : switch (mode) {
        case "drop-exact" -> CleaningConfig.Duplicates.DROP_EXACT;
        case "keep" -> CleaningConfig.Duplicates.KEEP;
        default -> throw new ConfigException(CleaningConfig.DUPLICATES + " must be drop-exact, keep or a list of"
            + " columns such as [order_id, category], got: " + mode + " (" + duplicates.origin().description() + ")");
      };
    }
    return new CleaningConfig(policy, c.getBoolean(CleaningConfig.NORMALIZE_IDS));
  }

  private static ValueConfig value(Config c) {
    return new ValueConfig(
        c.getBoolean(ValueConfig.ENABLED),
        enumSetting(c, ValueConfig.TimeUnit.class, ValueConfig.TIME_UNIT),
        c.getLong(ValueConfig.MAX_COLLECTED_ROWS),
        c.getInt(ValueConfig.MAX_EVALUATIONS),
        c.getDouble(ValueConfig.TOLERANCE),
        c.getIntList(ValueConfig.HORIZONS_DAYS),
        c.getInt(ValueConfig.CLV_MONTHS),
        c.getDouble(ValueConfig.CLV_MONTHLY_DISCOUNT_RATE),
        c.getDouble(ValueConfig.CHURN_RISK_HIGH_BELOW),
        c.getDouble(ValueConfig.CHURN_RISK_MEDIUM_BELOW),
        c.getInt(ValueConfig.HOLDOUT_MAX_FREQUENCY_BUCKET),
        c.getInt(ValueConfig.MAX_SERIES_TERMS));
  }

  private static <E extends Enum<E>> E enumSetting(Config c, Class<E> type, String key) {
    return EnumSettings.parse(type, key, c.getString(key));
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
    return PrivacyConfig.of(c.getStringList(PrivacyConfig.PII_COLUMNS),
        enumSetting(c, PrivacyConfig.Mode.class, PrivacyConfig.MODE),
        c.getStringList(PrivacyConfig.PHONE_COLUMNS),
        c.getString(PrivacyConfig.HASH_KEY_ENV).trim(), environment);
  }

  private static Optional<LocalDate> parseAsOf(Config c) {
    String value = c.getString(JobConfig.AS_OF).trim();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value));
    } catch (DateTimeParseException e) {
      throw new ConfigException(JobConfig.AS_OF + " must be a date YYYY-MM-DD, got: " + value
          + " (" + c.getValue(JobConfig.AS_OF).origin().description() + ")");
    }
  }

  private static boolean scoreWithinRegion(Config c) {
    String value = c.getString(RfmConfig.SCORE_WITHIN);
    return switch (value) {
      case "national" -> false;
      case "region" -> true;
      default -> throw new ConfigException(
          RfmConfig.SCORE_WITHIN + " must be national or region, got: " + value);
    };
  }

  private static KMeansConfig kmeans(Config c) {
    String k = c.getString(KMeansConfig.K).trim();
    int fixedK;
    if (k.equals("auto")) {
      fixedK = KMeansConfig.AUTO;
    } else {
      try {
        fixedK = Integer.parseInt(k);
      } catch (NumberFormatException e) {
        throw new ConfigException(KMeansConfig.K + " must be auto or a whole number, got: " + k
            + " (" + c.getValue(KMeansConfig.K).origin().description() + ")");
      }
      if (fixedK < 2) {
        throw new ConfigException(KMeansConfig.K + " must be at least 2, got: " + fixedK);
      }
    }
    List<String> features = c.getStringList(KMeansConfig.FEATURES).stream().map(String::trim).toList();
    for (int i = 0; i < features.size(); i++) {
      if (!features.get(i).isEmpty()) {
        checkExpression(KMeansConfig.FEATURES + "[" + i + "]", features.get(i));
      }
    }
    return new KMeansConfig(fixedK, c.getInt(KMeansConfig.K_MIN), c.getInt(KMeansConfig.K_MAX),
        c.getInt(KMeansConfig.SAMPLE_SIZE), c.getInt(KMeansConfig.FIT_SAMPLE_SIZE), features,
        c.getDouble(KMeansConfig.CLIP_LOWER), c.getDouble(KMeansConfig.CLIP_UPPER), c.getLong(KMeansConfig.SEED),
        c.getInt(KMeansConfig.MAX_ITER), c.getDouble(KMeansConfig.TOL),
        c.getString(KMeansConfig.SCORE_WITH), c.getStringList(KMeansConfig.CROSSTAB_DIMENSIONS));
  }

  /**
   * The interactions source; empty when its path is empty (the source is not used). Every key is read either way, so
   * a setting missing from the reference fails on every run.
   */
  private static java.util.Optional<InteractionsConfig> interactions(Config c) {
    Map<String, String> aliases = new LinkedHashMap<>();
    c.getConfig(InteractionsConfig.CHANNEL_ALIASES).root().forEach((alias, target) ->
        aliases.put(alias, String.valueOf(target.unwrapped())));
    var online = new java.util.LinkedHashSet<>(c.getStringList(InteractionsConfig.ONLINE));
    var offline = new java.util.LinkedHashSet<>(c.getStringList(InteractionsConfig.OFFLINE));
    return contactSource(c, InteractionsConfig.KEY)
        .map(source -> new InteractionsConfig(source, aliases, online, offline));
  }

  /** The feedback source; empty when its path is empty (the source is not used). */
  private static java.util.Optional<FeedbackConfig> feedback(Config c) {
    FeedbackConfig.Scale scale = enumSetting(c, FeedbackConfig.Scale.class, FeedbackConfig.SCALE);
    double positive = c.getDouble(FeedbackConfig.POSITIVE_AT_LEAST);
    double negative = c.getDouble(FeedbackConfig.NEGATIVE_AT_MOST);
    return contactSource(c, FeedbackConfig.KEY)
        .map(source -> new FeedbackConfig(source, scale, positive, negative));
  }

  /** Interactions and feedback: format, path, options, columns and a timestamp format, like the transactions. */
  private static java.util.Optional<SourceConfig> contactSource(Config c, String key) {
    Config s = c.getConfig(key);
    String format = s.getString("format");
    Map<String, String> options = stringMap(s.getConfig("options"));
    Map<String, String> columns = columns(s, key);
    String timestampFormat = s.getString("timestamp-format");
    String passwordEnv = s.getString("password-env").trim();
    if (s.getString("path").isBlank()) {
      return java.util.Optional.empty();
    }
    checkExists(s, key);
    return java.util.Optional.of(new SourceConfig(key, format, s.getString("path"), options, columns, "",
        timestampFormat, "", SourceConfig.Currency.NONE, passwordEnv));
  }

  private static void checkExists(Config s, String key) {
    String format = s.getString("format");
    String path = s.getString("path");
    if (FILE_FORMATS.contains(format) && isLocalPath(path) && !Files.exists(Path.of(stripFileScheme(path)))) {
      throw new ConfigException(key + ".path: input not found: " + path
          + " (" + s.getValue("path").origin().description() + ")");
    }
  }

  private static Map<String, String> columns(Config s, String key) {
    Map<String, String> columns = new LinkedHashMap<>();
    s.getConfig("columns").entrySet().forEach(e -> {
      String expr = String.valueOf(e.getValue().unwrapped()).trim();
      if (!expr.isEmpty()) {
        checkExpression(key + ".columns." + e.getKey(), expr);
        columns.put(e.getKey(), expr);
      }
    });
    return columns;
  }

  /** Both sources have a format, path, options and columns; only the transactions have return lines and currencies. */
  private static SourceConfig source(Config c, String key) {
    boolean transactions = key.equals(SourceConfig.TRANSACTIONS);
    Config s = c.getConfig(key);
    String format = s.getString("format");
    String path = s.getString("path");
    checkExists(s, key);
    Map<String, String> columns = columns(s, key);
    String returnWhen = transactions ? s.getString("return-when").trim() : "";
    if (!returnWhen.isEmpty()) {
      checkExpression(key + ".return-when", returnWhen);
    }
    return new SourceConfig(key, format, path, stringMap(s.getConfig("options")), columns,
        transactions ? "" : s.getString("date-format"), transactions ? s.getString("timestamp-format") : "",
        returnWhen, transactions ? currency(s, key) : SourceConfig.Currency.NONE, s.getString("password-env").trim());
  }

  private static SourceConfig.Currency currency(Config s, String key) {
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
    String canonical = c.withoutPath(JobConfig.AS_OF).withoutPath(JobConfig.STEP).getConfig(ROOT).root()
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
    String value = c.getString(JobConfig.TIME_ZONE);
    try {
      java.time.ZoneId.of(value);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(JobConfig.TIME_ZONE + " must be a time zone id like Asia/Shanghai, got: " + value);
    }
    return value;
  }

  /**
   * A list of condition rules ending with its default: tiers and lifecycle stages.
   *
   * @param kind how errors name a rule, e.g. "tier 'vip'"
   */
  private static List<TierRule> rules(Config c, String key, String kind, ConfigErrors errors) {
    List<TierRule> rules = new ArrayList<>();
    List<? extends Config> list = c.getConfigList(key + ".rules");
    boolean allValid = true;
    for (int i = 0; i < list.size(); i++) {
      Config rule = list.get(i);
      String where = key + ".rules[" + i + "]";
      TierRule checked = errors.attempt(rule.origin(), () -> {
        requireOnly(rule, where, List.of("code", "name", "when"), List.of("code", "name", "when"));
        String code = rule.getString("code");
        String when = rule.getString("when").trim();
        if (when.isEmpty()) {
          throw new ConfigException(where + " (" + kind + " '" + code + "') has an empty condition; only the"
              + " default has none");
        }
        checkExpression(kind + " '" + code + "' (" + where + ".when)", when);
        return named(where, () -> new TierRule(code, rule.getString("name"), when));
      });
      allValid &= checked != null;
      rules.add(checked);
    }
    if (!allValid) {
      return null; // each invalid rule is reported; the list as a whole is not checked further
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
    String key = RfmSegmentRules.SEGMENTS;
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
    String defaultName = c.getString(key + ".default.name");
    Optional<TierRule> fallback = defaultCode.isEmpty() ? Optional.empty()
        : Optional.of(named(key + ".default", () -> new TierRule(defaultCode, defaultName, "")));
    TierRule noScores = named(key + ".no-scores", () -> new TierRule(c.getString(key + ".no-scores.code"),
        c.getString(key + ".no-scores.name"), ""));
    return new RfmSegmentRules(rules, fallback, noScores, bins);
  }

  /** Rule entries sit inside lists, where the unknown-key check does not reach: check their fields here. */
  private static void requireOnly(Config rule, String where, List<String> required, List<String> allowed) {
    requireOnly(rule, where, required, allowed, "a rule");
  }

  /**
   * Checks the fields of an entry of a list in the settings (the unknown-key check does not reach into lists): each
   * of {@code required} is there, and nothing outside {@code allowed}; {@code entry} names the entry in the message.
   */
  static void requireOnly(Config rule, String where, List<String> required, List<String> allowed, String entry) {
    for (String field : required) {
      if (!rule.hasPath(field)) {
        throw new ConfigException(where + " needs '" + field + "' (" + rule.origin().description() + ")");
      }
    }
    for (String field : rule.root().keySet()) {
      if (!allowed.contains(field)) {
        throw new ConfigException(where + " has an unknown field '" + field + "' (" + rule.origin().description()
            + "); " + entry + " takes " + String.join(", ", allowed));
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

  private static void rejectUnknownKeys(Config user, Config reference, ConfigErrors errors) {
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(ROOT + ".") || FREE_FORM.stream().anyMatch(f -> key.startsWith(f + "."))) {
        continue;
      }
      if (!reference.hasPathOrNull(key) && !isInsideList(reference, key)) {
        errors.add(UNKNOWN_KEY + key + " (" + e.getValue().origin().description()
            + "); see conf/application.conf for the keys the job knows", e.getValue().origin());
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
