package com.custseg.config;

import java.util.Arrays;
import java.util.Locale;

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
    return name().toLowerCase(Locale.ROOT);
  }

  public static Step parse(String key, String value) {
    return Arrays.stream(values()).filter(s -> s.configName().equals(value)).findFirst()
        .orElseThrow(() -> new ConfigException(key + " must be ingest, segment or all, got: " + value));
  }
}
