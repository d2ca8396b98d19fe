package com.custseg.io;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/** Column names and schema of the cleaned transactions table. Money is {@code decimal(18,2)}, never double. */
public final class TransactionColumns {
  public static final String ORDER_ID = "order_id";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String ORDER_TS = "order_ts";
  public static final String ORDER_DATE = "order_date";
  public static final String AMOUNT = "amount";
  public static final String CATEGORY = "category";
  /** True for a return or refund line; its (negative) amount nets against the customer's purchases. */
  public static final String IS_RETURN = "is_return";
  /** Units on the line, when the source maps columns.quantity; null counts as one unit. */
  public static final String QUANTITY = "quantity";
  /**
   * Money off the line in the base currency: columns.discount as given, or columns.list_price x quantity − amount
   * (at least 0); 0 for a line whose mapped value is blank, null when the source maps neither.
   */
  public static final String DISCOUNT = "discount";
  /** Brand of the line's product, when the source maps columns.brand. */
  public static final String BRAND = "brand";
  /**
   * Province (or country, with a country mapping file) of the line, when the source maps columns.province: the
   * region of a customer derived from the transactions (no customers table, or a customer it lacks).
   */
  public static final String PROVINCE = "province";
  /** Product (SKU) of the line, when the source maps columns.product: the item of recommendations.item = product. */
  public static final String PRODUCT = "product";
  /** The source field of a unit price before discount; it is folded into {@link #DISCOUNT}, not kept. */
  public static final String LIST_PRICE = "list_price";

  public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);
  /** Units may be fractional (kilograms, metres). */
  public static final DecimalType UNITS = DataTypes.createDecimalType(18, 3);

  public static final StructType SCHEMA = new StructType()
      .add(ORDER_ID, DataTypes.StringType, false)
      .add(CUSTOMER_ID, DataTypes.StringType, false)
      .add(ORDER_TS, DataTypes.TimestampType, false)
      .add(ORDER_DATE, DataTypes.DateType, false)
      .add(AMOUNT, MONEY, false)
      .add(CATEGORY, DataTypes.StringType, true)
      .add(IS_RETURN, DataTypes.BooleanType, false)
      .add(QUANTITY, UNITS, true)
      .add(DISCOUNT, MONEY, true)
      .add(BRAND, DataTypes.StringType, true)
      .add(PROVINCE, DataTypes.StringType, true)
      .add(PRODUCT, DataTypes.StringType, true);

  private TransactionColumns() {}
}
