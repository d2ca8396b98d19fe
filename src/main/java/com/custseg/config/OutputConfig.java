package com.custseg.config;

/**
 * Where the output tables go (one Delta table per folder under {@code path}) and how much history they keep.
 *
 * @param keepSnapshots snapshots kept per table, newest first; 0 keeps all
 * @param vacuumRetentionHours data files no longer referenced are removed once older than this
 */
public record OutputConfig(String path, int keepSnapshots, double vacuumRetentionHours) {
  public OutputConfig {
    if (path.isBlank()) {
      throw new ConfigException("segmentation.output.path must name a folder, got an empty value");
    }
    if (keepSnapshots < 0) {
      throw new ConfigException("segmentation.output.keep-snapshots must be 0 (keep all) or more, got: "
          + keepSnapshots);
    }
    if (vacuumRetentionHours < 0) {
      throw new ConfigException("segmentation.output.vacuum-retention-hours must not be negative, got: "
          + vacuumRetentionHours);
    }
  }

  public String table(String name) {
    return path.endsWith("/") ? path + name : path + "/" + name;
  }
}
