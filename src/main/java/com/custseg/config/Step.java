package com.custseg.config;

/**
 * Which part of the job a run does, so that a scheduler can retry one on its own: {@code ingest} reads the raw
 * exports and writes the cleaned silver tables (customers_clean, transactions_clean) and rejects; {@code segment}
 * reads the silver tables of the snapshot and writes the segments; {@code all} does both in one run.
 */
public enum Step {
  INGEST, SEGMENT, ALL;

  public boolean ingests() {
    return this != SEGMENT;
  }

  public boolean segments() {
    return this != INGEST;
  }

  public String configName() {
    return EnumSettings.configName(this);
  }
}
