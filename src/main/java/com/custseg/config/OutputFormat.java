package com.custseg.config;

import java.util.Arrays;

/** File format of the analyst-facing snapshot tables under segmentation.output.path. */
public enum OutputFormat {
  /** Delta tables: atomic commits, time travel, VACUUM; needs a Delta-aware reader. */
  DELTA("delta"),
  /** Plain Parquet folders in the same Hive-style layout, readable by any Parquet reader. */
  PARQUET("parquet");

  private final String configName;

  OutputFormat(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static OutputFormat parse(String key, String value) {
    return Arrays.stream(values()).filter(f -> f.configName.equals(value)).findFirst()
        .orElseThrow(() -> new ConfigException(key + " must be delta or parquet, got: " + value));
  }
}
