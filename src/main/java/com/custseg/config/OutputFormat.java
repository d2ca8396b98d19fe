package com.custseg.config;

/** File format of the analyst-facing snapshot tables under segmentation.output.path. */
public enum OutputFormat {
  /** Delta tables: atomic commits, time travel, VACUUM; needs a Delta-aware reader. */
  DELTA,
  /** Plain Parquet folders in the same Hive-style layout, readable by any Parquet reader. */
  PARQUET
}
