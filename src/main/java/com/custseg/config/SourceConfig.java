package com.custseg.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one input table comes from and how its columns map to the job's logical fields.
 *
 * @param key the config path of this source, used in messages (e.g. segmentation.input.customers)
 * @param columns logical field to a source column name or Spark SQL expression; absent fields are not mapped
 * @param returnWhen Spark SQL condition marking return lines, or empty (transactions only)
 */
public record SourceConfig(
    String key,
    String format,
    String path,
    Map<String, String> options,
    Map<String, String> columns,
    String dateFormat,
    String timestampFormat,
    String returnWhen) {

  public static final Set<String> FORMATS = Set.of("csv", "parquet", "delta", "orc", "json");

  public SourceConfig {
    options = Map.copyOf(options);
    columns = Map.copyOf(columns);
    if (!FORMATS.contains(format)) {
      throw new ConfigException(key + ".format must be one of " + sorted(FORMATS) + ", got: " + format);
    }
    if (path.isBlank()) {
      throw new ConfigException(key + ".path must name the input, got an empty value");
    }
    for (String option : List.of("encoding", "charset")) {
      String charset = options.get(option);
      if (charset != null && !isCharset(charset)) {
        throw new ConfigException(key + ".options." + option + ": unknown character set: " + charset
            + " (use e.g. UTF-8, GBK, GB18030)");
      }
    }
  }

  private static boolean isCharset(String name) {
    try {
      return java.nio.charset.Charset.isSupported(name);
    } catch (java.nio.charset.IllegalCharsetNameException e) {
      return false;
    }
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

  private static String sorted(Set<String> values) {
    return values.stream().sorted().toList().toString();
  }
}
