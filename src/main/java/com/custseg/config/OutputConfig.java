package com.custseg.config;

/**
 * Where the output tables go (one table per folder under {@code path}, Delta or Parquet) and how much history they keep.
 *
 * @param keepSnapshots snapshots kept per table, newest first; 0 keeps all
 * @param vacuumRetentionHours data files no longer referenced are removed once older than this
 * @param catalogDatabase database of the Spark catalog the tables are registered in after a run; "" = none
 * @param format file format of the analyst-facing snapshot tables (the job's working tables stay Delta)
 * @param lockTimeoutMinutes a run's lock on the output root whose heartbeat is older than this is taken over
 */
public record OutputConfig(String path, int keepSnapshots, double vacuumRetentionHours, String catalogDatabase,
    OutputFormat format, int lockTimeoutMinutes) {
  public static final String PATH = "segmentation.output.path";
  public static final String KEEP_SNAPSHOTS = "segmentation.output.keep-snapshots";
  public static final String VACUUM_RETENTION_HOURS = "segmentation.output.vacuum-retention-hours";
  public static final String CATALOG_DATABASE = "segmentation.output.catalog-database";
  public static final String FORMAT = "segmentation.output.format";
  public static final String LOCK_TIMEOUT_MINUTES = "segmentation.output.lock-timeout-minutes";

  /** A plain database name: an identifier that needs no quoting. */
  public static final java.util.regex.Pattern DATABASE_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public OutputConfig {
    java.util.Objects.requireNonNull(format, FORMAT);
    if (path.isBlank()) {
      throw new ConfigException(PATH + " must name a folder, got an empty value");
    }
    if (keepSnapshots < 0) {
      throw new ConfigException(KEEP_SNAPSHOTS + " must be 0 (keep all) or more, got: "
          + keepSnapshots);
    }
    if (vacuumRetentionHours < 0) {
      throw new ConfigException(VACUUM_RETENTION_HOURS + " must not be negative, got: "
          + vacuumRetentionHours);
    }
    if (lockTimeoutMinutes < 1) {
      throw new ConfigException(LOCK_TIMEOUT_MINUTES + " must be at least 1, got: " + lockTimeoutMinutes);
    }
    catalogDatabase = catalogDatabase.trim();
    if (!catalogDatabase.isEmpty() && !DATABASE_NAME.matcher(catalogDatabase).matches()) {
      throw new ConfigException(CATALOG_DATABASE + " must be empty (no registration) or a database"
          + " name of letters, digits and _, got: " + catalogDatabase);
    }
  }

  /** Whether the tables are registered in the catalog after a run. */
  public boolean registersInCatalog() {
    return !catalogDatabase.isEmpty();
  }

  public String table(String name) {
    return path.endsWith("/") ? path + name : path + "/" + name;
  }
}
