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
      "segmentation.input.transactions.options", "segmentation.input.transactions.columns");

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
          c.getString("segmentation.time-zone"),
          c.getString("segmentation.spark.master"),
          c.getString("segmentation.spark.app-name"),
          source(c, "segmentation.input.customers"),
          source(c, "segmentation.input.transactions"),
          existingFile(c, "segmentation.regions.mapping-file"),
          c.getDouble("segmentation.quality.max-reject-ratio"),
          new RfmConfig(c.getInt("segmentation.rfm.bins"), c.getDouble("segmentation.rfm.relative-error"),
              scoreWithinRegion(c)),
          tiers(c),
          new KMeansConfig(c.getInt("segmentation.kmeans.k"), c.getLong("segmentation.kmeans.seed"),
              c.getInt("segmentation.kmeans.max-iter"), c.getDouble("segmentation.kmeans.tol")),
          new OutputConfig(c.getString("segmentation.output.path")),
          privacy(c, environment));
    } catch (com.typesafe.config.ConfigException.WrongType | BadValue e) {
      throw new ConfigException("invalid configuration: " + e.getMessage(), e);
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

  private static SourceConfig source(Config c, String key) {
    Config s = c.getConfig(key);
    String format = s.getString("format");
    String path = s.getString("path");
    if (isLocalPath(path) && !Files.exists(Path.of(stripFileScheme(path)))) {
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
        returnWhen);
  }

  private static List<TierRule> tiers(Config c) {
    List<TierRule> rules = new ArrayList<>();
    List<? extends Config> list = c.getConfigList("segmentation.tiers.rules");
    for (int i = 0; i < list.size(); i++) {
      Config rule = list.get(i);
      String where = "segmentation.tiers.rules[" + i + "]";
      for (String field : List.of("code", "name", "when")) {
        if (!rule.hasPath(field)) {
          throw new ConfigException(where + " needs '" + field + "' (" + rule.origin().description() + ")");
        }
      }
      String code = rule.getString("code");
      String when = rule.getString("when").trim();
      if (when.isEmpty()) {
        throw new ConfigException(where + " (tier '" + code + "') has an empty condition; only the default has none");
      }
      checkExpression("tier '" + code + "' (" + where + ".when)", when);
      rules.add(new TierRule(code, rule.getString("name"), when));
    }
    rules.add(new TierRule(c.getString("segmentation.tiers.default.code"),
        c.getString("segmentation.tiers.default.name"), ""));
    List<String> seen = new ArrayList<>();
    for (TierRule rule : rules) {
      if (seen.contains(rule.code())) {
        throw new ConfigException("segmentation.tiers: tier code '" + rule.code() + "' is used twice");
      }
      seen.add(rule.code());
    }
    return rules;
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
