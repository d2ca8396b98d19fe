package com.custseg.config;

/** Where the output tables go: one Delta table per folder under {@code path}. */
public record OutputConfig(String path) {
  public OutputConfig {
    if (path.isBlank()) {
      throw new ConfigException("segmentation.output.path must name a folder, got an empty value");
    }
  }

  public String table(String name) {
    return path.endsWith("/") ? path + name : path + "/" + name;
  }
}
