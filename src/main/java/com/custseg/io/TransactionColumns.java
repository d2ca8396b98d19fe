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

  public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

  public static final StructType SCHEMA = new StructType()
      .add(ORDER_ID, DataTypes.StringType, false)
      .add(CUSTOMER_ID, DataTypes.StringType, false)
      .add(ORDER_TS, DataTypes.TimestampType, false)
      .add(ORDER_DATE, DataTypes.DateType, false)
      .add(AMOUNT, MONEY, false)
      .add(CATEGORY, DataTypes.StringType, true)
      .add(IS_RETURN, DataTypes.BooleanType, false);

  private TransactionColumns() {}
}
