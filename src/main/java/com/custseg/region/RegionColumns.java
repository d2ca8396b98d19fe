package com.custseg.region;

/** Columns that {@link RegionAssigner} adds to a customers table. */
public final class RegionColumns {
  /** Canonical province name, e.g. 广东省; null when the raw value matched no alias. */
  public static final String PROVINCE = "province";
  /** ASCII province code, e.g. GD; {@link #UNKNOWN} when unmapped. */
  public static final String PROVINCE_CODE = "province_code";
  /** ASCII region code used as a partition value, e.g. south; {@link #UNKNOWN} when unmapped. */
  public static final String REGION_CODE = com.custseg.io.OutputTables.REGION_CODE;
  /** Display name of the region, e.g. 华南. */
  public static final String REGION_NAME = "region_name";
  /** Optional economic zone code, e.g. prd (珠三角); null when the province belongs to none. */
  public static final String ECONOMIC_ZONE = "economic_zone";
  public static final String UNKNOWN = "unknown";

  private RegionColumns() {}
}
