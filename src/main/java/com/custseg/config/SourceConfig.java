package com.custseg.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where one input table comes from and how its columns map to the job's logical fields.
 *
 * @param key the config path of this source, used in messages (e.g. segmentation.input.customers)
 * @param format a Spark file format, {@code table} (a catalog table, {@code path} = {@code db.table}) or {@code jdbc}
 *     (connection in {@code options}: url, dbtable or query, user, partitionColumn/lowerBound/upperBound/numPartitions)
 * @param columns logical field to a source column name or Spark SQL expression; absent fields are not mapped
 * @param dateFormat pattern of signup_date when the source holds text (customers only; "" for the transactions)
 * @param timestampFormat pattern of order_time when the source holds text (transactions only; "" for the customers)
 * @param returnWhen Spark SQL condition marking return lines, or empty (transactions only)
 * @param currency conversion of amounts into the base currency (transactions only)
 * @param passwordEnv name of the environment variable holding the JDBC password, or empty
 */
public record SourceConfig(
    String key,
    String format,
    String path,
    Map<String, String> options,
    Map<String, String> columns,
    String dateFormat,
    String timestampFormat,
    String returnWhen,
    Currency currency,
    String passwordEnv) {

  public static final String CUSTOMERS = "segmentation.input.customers";
  public static final String TRANSACTIONS = "segmentation.input.transactions";

  public static final Set<String> FORMATS = Set.of("csv", "parquet", "delta", "orc", "json", "table", "jdbc");
  private static final Set<String> FILE_FORMATS = Set.of("csv", "parquet", "delta", "orc", "json");
  /** Spark's options of a partitioned JDBC read: all four or none. */
  public static final List<String> JDBC_PARTITIONING =
      List.of("partitionColumn", "lowerBound", "upperBound", "numPartitions");

  /**
   * Fixed conversion rates into the base currency: amount in base = amount x rate. A line whose currency is blank or
   * the base is not converted; a currency without a rate is rejected (UNKNOWN_CURRENCY).
   */
  public record Currency(String base, Map<String, BigDecimal> rates) {
    public static final Currency NONE = new Currency("", Map.of());

    public Currency {
      rates = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(rates));
    }
  }

  public SourceConfig {
    options = Map.copyOf(options);
    columns = Map.copyOf(columns);
    if (!FORMATS.contains(format)) {
      throw new ConfigException(key + ".format must be one of " + sorted(FORMATS) + ", got: " + format);
    }
    if (format.equals("jdbc")) {
      checkJdbc(key, options, passwordEnv);
    } else if (path.isBlank() && !(key.equals(CUSTOMERS) && FILE_FORMATS.contains(format))) {
      throw new ConfigException(key + ".path must name the input, got an empty value");
    }
    if (format.equals("table") && !path.matches("[A-Za-z0-9_`.]+")) {
      throw new ConfigException(key + ".path must be a catalog table name like db.table for format table, got: "
          + path);
    }
    for (String option : List.of("encoding", "charset")) {
      String charset = options.get(option);
      if (charset != null && !isCharset(charset)) {
        throw new ConfigException(key + ".options." + option + ": unknown character set: " + charset
            + " (use e.g. UTF-8, GBK, GB18030)");
      }
    }
    currency.rates().forEach((code, rate) -> {
      if (rate.signum() <= 0) {
        throw new ConfigException(key + ".currency.rates." + code + " must be positive, got: " + rate.toPlainString());
      }
    });
    if (!currency.rates().isEmpty() && currency.base().isBlank()) {
      throw new ConfigException(key + ".currency.base must name the base currency when rates are given");
    }
    if (!currency.rates().isEmpty() && !columns.containsKey("currency")) {
      throw new ConfigException(key + ".currency.rates are given but " + key + ".columns.currency is not mapped");
    }
  }

  /**
   * True for a customers source with an empty path: an order-only export, whose customers are derived from the
   * transactions (every other source must name its input).
   */
  public boolean absent() {
    return path.isBlank() && FILE_FORMATS.contains(format);
  }

  /** The mapped expression of a logical field, or null when the source does not have it. */
  public String column(String field) {
    return columns.get(field);
  }

  /** Fails naming the key when a field the job cannot do without is not mapped. */
  public void requireColumns(String... fields) {
    for (String field : fields) {
      if (!columns.containsKey(field)) {
        throw new ConfigException(key + ".columns." + field + " is required: map it to a source column or expression");
      }
    }
  }

  /** A readable name of the input for logs and messages (never the JDBC password). */
  public String describe() {
    return format.equals("jdbc")
        ? "jdbc " + options.get("url") + " " + options.getOrDefault("dbtable", "(query)")
        : format + " " + path;
  }

  private static void checkJdbc(String key, Map<String, String> options, String passwordEnv) {
    if (options.getOrDefault("url", "").isBlank()) {
      throw new ConfigException(key + ".options.url is required for format jdbc (e.g. jdbc:postgresql://host/db)");
    }
    boolean table = options.containsKey("dbtable");
    boolean query = options.containsKey("query");
    if (table == query) {
      throw new ConfigException(key + ".options must have exactly one of dbtable and query for format jdbc");
    }
    long partitioning = JDBC_PARTITIONING.stream().filter(options::containsKey).count();
    if (partitioning != 0 && partitioning != JDBC_PARTITIONING.size()) {
      throw new ConfigException(key + ".options: a partitioned JDBC read needs all of " + JDBC_PARTITIONING
          + ", got only " + JDBC_PARTITIONING.stream().filter(options::containsKey).toList());
    }
    if (partitioning != 0 && query) {
      throw new ConfigException(key + ".options.partitionColumn cannot be combined with query; use dbtable = "
          + "\"(SELECT ...) AS t\" for a partitioned read of a query");
    }
    if (options.containsKey("password")) {
      throw new ConfigException(key + ".options.password: do not write passwords into config files; set "
          + key + ".password-env to the name of an environment variable holding it");
    }
    if (!passwordEnv.isBlank() && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new ConfigException(key + ".password-env must be an environment variable name, got: " + passwordEnv);
    }
  }

  private static boolean isCharset(String name) {
    try {
      return java.nio.charset.Charset.isSupported(name);
    } catch (java.nio.charset.IllegalCharsetNameException e) {
      return false;
    }
  }

  private static String sorted(Set<String> values) {
    return values.stream().sorted().toList().toString();
  }
}
