package com.custseg.io;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Column names and schema of the cleaned customers table, the contract between ingestion and every later stage. */
public final class CustomerColumns {
  public static final String CUSTOMER_ID = "customer_id";
  public static final String NAME = "name";
  public static final String PHONE = "phone";
  /** The province exactly as the source wrote it; {@code region} resolves it to a canonical province. */
  public static final String PROVINCE_RAW = "province_raw";
  public static final String CITY = "city";
  public static final String SIGNUP_DATE = "signup_date";
  public static final String INDUSTRY = "industry";
  public static final String COMPANY_SIZE = "company_size";
  public static final String CHANNEL = "channel";

  /** Logical fields a source may map, in output order. */
  public static final StructType SCHEMA = new StructType()
      .add(CUSTOMER_ID, DataTypes.StringType, false)
      .add(NAME, DataTypes.StringType, true)
      .add(PHONE, DataTypes.StringType, true)
      .add(PROVINCE_RAW, DataTypes.StringType, true)
      .add(CITY, DataTypes.StringType, true)
      .add(SIGNUP_DATE, DataTypes.DateType, true)
      .add(INDUSTRY, DataTypes.StringType, true)
      .add(COMPANY_SIZE, DataTypes.StringType, true)
      .add(CHANNEL, DataTypes.StringType, true);

  private CustomerColumns() {}
}
